import CatalogueSDK
import LinearAlgebra

/// The Riemannian Hessian of a function from its Euclidean gradient and Hessian-vector product, for the standard
/// manifolds (Absil, Mahony, Sepulchre 2008, §5.5; Boumal 2023, §7.7 and §11.6 for SPD).
///
/// The exact hypergradient (spec §3) solves Hess_y g(x, y*)[v] = grad_y f(x, y*); the problem supplies only the
/// Euclidean ∇²_yy g·u, so this converts it. With G = ∇g and H = ∇²g[U]:
///
/// | manifold | Hess g(y)[U] |
/// |---|---|
/// | ℝⁿ | H |
/// | sphere | proj_y(H) − (yᵀG)·U |
/// | Stiefel (embedded) | proj_Y(H − U·sym(YᵀG)) |
/// | SPD (affine-invariant) | Y·sym(H)·Y + sym(U·sym(G)·Y) |
///
/// On SPD this is the connection term of the affine-invariant metric, ∇_U η = Dη[U] − sym(U·Y⁻¹·η), applied to
/// η = Y·sym(G)·Y.
enum RiemannianHessian {
  /// Hess[U] at y, given G = ∇g(y) and H = ∇²g(y)[U]; throws `.unsupported` for an unrecognised manifold.
  static func apply(
    _ kind: ManifoldKind, at y: [Double], euclideanGradient g: [Double], euclideanHessian h: [Double],
    direction u: [Double]
  ) throws -> [Double] {
    switch kind {
    case .euclidean:
      return h
    case .sphere:
      let projected = ArrayMath.axpy(h, -ArrayMath.dot(y, h), y)
      return ArrayMath.axpy(projected, -ArrayMath.dot(y, g), u)
    case .stiefel(let n, let p):
      let ym = Matrix(rows: n, cols: p, elements: y)
      let um = Matrix(rows: n, cols: p, elements: u)
      let s = Matrix.product(ym, Matrix(rows: n, cols: p, elements: g), transposeA: true).symmetrized()
      let z = Matrix(rows: n, cols: p, elements: h) - um * s
      let normal = ym * Matrix.product(ym, z, transposeA: true).symmetrized()
      return (z - normal).elements
    case .spd(let n):
      let ym = Matrix(rows: n, cols: n, elements: y)
      let um = Matrix(rows: n, cols: n, elements: u).symmetrized()
      let gs = Matrix(rows: n, cols: n, elements: g).symmetrized()
      let hs = Matrix(rows: n, cols: n, elements: h).symmetrized()
      return (ym * (hs * ym) + um * (gs * ym)).symmetrized().elements
    case .other:
      throw PluginError(
        .unsupported,
        "no Riemannian Hessian for this manifold: exact hypergradients need euclidean, sphere, stiefel or spd")
    }
  }
}
