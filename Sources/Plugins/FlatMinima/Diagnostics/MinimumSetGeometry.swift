import CatalogueSDK
import LinearAlgebra

/// The local geometry of the minimum set X* = {x : p(x) = y} of an ``OutputModel`` at a point: the Jacobian J of
/// the outputs, its singular value decomposition, and what follows from it.
///
/// On X* the Hessian is (1/n)JᵀJ, so its null space, the tangent space T_{x*}X* (spec §3.1), is the orthogonal
/// complement of the row space of J, spanned by the right singular vectors with non-zero singular values. The
/// decomposition goes through LAPACK (`dgesdd`), which also handles a rank-deficient J near a degenerate minimum.
struct MinimumSetGeometry {
  /// The point.
  let point: [Double]
  /// Right singular vectors spanning the normal space (row space of J), each of length d.
  let normals: [[Double]]
  /// Singular values matching ``normals``.
  let singularValues: [Double]
  /// Left singular vectors matching ``normals``, each of length n.
  let leftVectors: [[Double]]

  /// Singular values below this fraction of the largest count as zero.
  static let rankTolerance = 1e-10

  /// Decomposes the output Jacobian of `model` at `x`.
  init<Model: OutputModel>(_ model: Model, at x: [Double]) throws {
    let n = model.sampleCount
    let d = model.dimension
    var elements = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      let g = model.outputGradient(x, sample: i)
      for j in 0..<d { elements[i + j * n] = g[j] }
    }
    let svd: SVD
    do {
      svd = try SVD(Matrix(rows: n, cols: d, elements: elements))
    } catch {
      throw PluginError(.numerical, "minimum-set geometry: \(error)")
    }
    let largest = svd.singularValues.first ?? 0
    var normals: [[Double]] = []
    var values: [Double] = []
    var left: [[Double]] = []
    for (k, sigma) in svd.singularValues.enumerated() where sigma > Self.rankTolerance * largest && sigma > 0 {
      normals.append((0..<d).map { svd.vt[k, $0] })
      left.append((0..<n).map { svd.u[$0, k] })
      values.append(sigma)
    }
    point = x
    self.normals = normals
    singularValues = values
    leftVectors = left
  }

  /// The orthogonal projection of v onto the tangent space: v − Σₖ ⟨vₖ, v⟩vₖ.
  func tangentProjection(_ v: [Double]) -> [Double] {
    var out = v
    for normal in normals { out = ArrayMath.axpy(out, -ArrayMath.dot(normal, v), normal) }
    return out
  }

  /// The minimum-norm solution of J δ = r, J⁺r = Σₖ (uₖᵀr/σₖ) vₖ.
  func pseudoInverse(_ r: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: point.count)
    for k in normals.indices {
      out = ArrayMath.axpy(out, ArrayMath.dot(leftVectors[k], r) / singularValues[k], normals[k])
    }
    return out
  }

  /// Projects x onto X* by Gauss–Newton steps x ← x − J⁺(p(x) − y) (at most 50, to ‖p − y‖∞ ≤ 1e-13·(1 + ‖y‖∞)).
  ///
  /// Gradient flow moves along Jᵀr and Gauss–Newton along Jᵀ(JJᵀ)⁻¹r: both in the row space of J, so their
  /// limits differ only through the change of J along the path, O(dist(x, X*)²). Near X*, where the methods run,
  /// that is far below what the flatness residual resolves, at the cost of a few decompositions.
  static func gaussNewtonProjection<Model: OutputModel>(_ model: Model, from x: [Double]) throws -> [Double] {
    let all = model.allSamples
    let tolerance = 1e-13 * (1 + model.targets.reduce(0) { max($0, abs($1)) })
    var point = x
    for _ in 0..<50 {
      let p = model.outputs(point, samples: all)
      let r = all.map { p[$0] - model.targets[$0] }
      if r.allSatisfy({ abs($0) <= tolerance }) { break }
      let geometry = try MinimumSetGeometry(model, at: point)
      let next = ArrayMath.subtract(point, geometry.pseudoInverse(r))
      guard next.allSatisfy(\.isFinite) else { break }
      point = next
    }
    return point
  }

  /// The point of X* nearest to x among those near `start` (a point of X*, usually Φ(x)): alternate a step to
  /// x within the tangent space with a Gauss–Newton return to X*, until the tangent part of x − w vanishes
  /// (the first-order condition of min ‖w − x‖ on X*). Converges linearly at a rate set by the curvature of X*
  /// times the distance, so in one or two rounds for the points the methods visit.
  static func nearestPoint<Model: OutputModel>(_ model: Model, to x: [Double], from start: [Double]) throws
    -> [Double]
  {
    var w = start
    for _ in 0..<100 {
      let geometry = try MinimumSetGeometry(model, at: w)
      let offset = ArrayMath.subtract(x, w)
      let tangent = geometry.tangentProjection(offset)
      if ArrayMath.norm(tangent) <= 1e-12 * (1 + ArrayMath.norm(offset)) { break }
      w = try gaussNewtonProjection(model, from: ArrayMath.axpy(w, 1, tangent))
    }
    return w
  }

  /// The flatness-stationarity residual at a point x* of X* (spec §3.1): ‖∂Φ(x*)·∇tr̄(x*)‖, where ∂Φ(x*) is the
  /// projection onto T_{x*}X*.
  ///
  /// On X*, tr ∇²f = (1/n) Σᵢ[‖∇pᵢ‖² + rᵢ tr∇²pᵢ] with rᵢ = 0, and the gradient of the second term, tr∇²pᵢ·∇pᵢ,
  /// lies in the normal space; so the projected gradient of tr̄ is the projection of (2/(nd)) Σᵢ ∇²pᵢ∇pᵢ.
  static func flatnessResidual<Model: OutputModel>(_ model: Model, at xStar: [Double]) throws -> Double {
    let n = model.sampleCount
    let d = model.dimension
    var g = [Double](repeating: 0, count: d)
    for i in 0..<n {
      let gradient = model.outputGradient(xStar, sample: i)
      g = ArrayMath.axpy(g, 2 / Double(n * d), model.outputHessianVector(xStar, sample: i, gradient))
    }
    let geometry = try MinimumSetGeometry(model, at: xStar)
    return ArrayMath.norm(geometry.tangentProjection(g))
  }
}
