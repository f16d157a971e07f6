import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The objectives of the paper's toy (Problem L.1, spec §5.1), shared by its three constraint variants:
///   f(x, y) = cᵀy + 0.01‖x‖² + 0.01‖y‖²,   g(x, y) = ½ yᵀQy + xᵀPy,
/// with L, c, P and x₀ uniform on [0, 1], Q = LᵀL + I and ‖c‖ = 1, drawn in the official code's order
/// (L, c, P, then the constraint data, then x₀). g is 1-strongly convex in y and ∇²_yy g = Q does not depend on x.
struct ToyObjectives: Sendable {
  /// c, unit norm.
  let c: [Double]
  /// Q = LᵀL + I, d_y × d_y.
  let q: Matrix
  /// Cholesky factor of Q.
  let factor: Cholesky
  /// P, d_x × d_y.
  let p: Matrix

  var dimensionX: Int { p.rows }
  var dimensionY: Int { p.cols }

  /// Draws L, c and P.
  init(dimensionX: Int, dimensionY: Int, rng: inout CatalogueRandom) throws {
    let l = Matrix(rows: dimensionY, cols: dimensionY, elements: ToyObjectives.uniforms(dimensionY * dimensionY, &rng))
    var q = Matrix.gram(l)
    q.add(Matrix.identity(dimensionY), scaledBy: 1)
    let raw = ToyObjectives.uniforms(dimensionY, &rng)
    let norm = ArrayMath.norm(raw)
    c = raw.map { $0 / norm }
    self.q = q
    factor = try Cholesky(q)
    p = Matrix(rows: dimensionX, cols: dimensionY, elements: ToyObjectives.uniforms(dimensionX * dimensionY, &rng))
  }

  /// `count` draws from U[0, 1), as `torch.rand`.
  static func uniforms(_ count: Int, _ rng: inout CatalogueRandom) -> [Double] {
    (0..<count).map { _ in rng.uniform() }
  }

  func upperValue(_ x: [Double], _ y: [Double]) -> Double {
    ArrayMath.dot(c, y) + 0.01 * ArrayMath.dot(x, x) + 0.01 * ArrayMath.dot(y, y)
  }

  /// ∇ₓf = 0.02x, ∇_y f = c + 0.02y.
  func upperGradient(_ x: [Double], _ y: [Double]) -> (x: [Double], y: [Double]) {
    (ArrayMath.scale(0.02, x), ArrayMath.axpy(c, 0.02, y))
  }

  func lowerValue(_ x: [Double], _ y: [Double]) -> Double {
    0.5 * ArrayMath.dot(y, hessianY(y)) + ArrayMath.dot(x, mixed(y))
  }

  /// ∇ₓg = Py, ∇_y g = Qy + Pᵀx.
  func lowerGradient(_ x: [Double], _ y: [Double]) -> (x: [Double], y: [Double]) {
    (mixed(y), ArrayMath.add(hessianY(y), Matrix.product(p, Vector(x), transpose: true).elements))
  }

  /// Qv, by `dsymv` (Q is symmetric; half the memory traffic of `dgemv`). A coordinate vector v = t·eⱼ, which is
  /// how a dense Hessian is assembled from products (``SecondOrder/lowerHessian(_:_:_:)``), is answered with t times
  /// column j of Q in O(d_y), so the d_y products cost one copy of Q rather than d_y passes over it.
  func hessianY(_ v: [Double]) -> [Double] {
    if let j = Self.singleNonzero(v) {
      let n = q.rows
      let t = v[j]
      return q.elements.withUnsafeBufferPointer { column in (0..<n).map { t * column[j * n + $0] } }
    }
    return Matrix.symmetricProduct(q, v)
  }

  /// Q into `out` (d_y² doubles, column-major): the dense ∇²_yy g, the same numbers as the columns ``hessianY(_:)``
  /// gives for the coordinate vectors.
  func copyHessianY(into out: UnsafeMutableBufferPointer<Double>) {
    precondition(out.count == q.elements.count, "copyHessianY: out must hold d_y² doubles")
    q.elements.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
  }

  /// The index of the only nonzero entry of v, or nil if there are none or several.
  static func singleNonzero(_ v: [Double]) -> Int? {
    var found: Int?
    for (i, value) in v.enumerated() where value != 0 {
      if found != nil { return nil }
      found = i
    }
    return found
  }

  /// Pv (∇²_xy g·v).
  func mixed(_ v: [Double]) -> [Double] { Matrix.product(p, Vector(v)).elements }

  /// Pᵀx, the linear term of the lower-level QP.
  func linearTerm(_ x: [Double]) -> [Double] { Matrix.product(p, Vector(x), transpose: true).elements }

  /// Checks the sizes of x and y against the instance.
  func check(_ x: [Double], _ y: [Double]) throws {
    guard x.count == dimensionX, y.count == dimensionY else {
      throw PluginError(
        .invalidArgument, "expected x of length \(dimensionX) and y of length \(dimensionY), got \(x.count), \(y.count)"
      )
    }
  }

  /// The parameters every variant shares.
  static let parameters: [Parameter] = [
    .int("dim_x", default: 10, in: 1...100_000, help: "upper-level dimension d_x (paper: 100)"),
    .int("dim_y", default: 20, in: 1...5_000, help: "lower-level dimension d_y (paper: 200; timing up to 1000)"),
    .int("constraints", default: 0, in: 0...5_000, help: "constraint rows m (0: ⌈d_y/5⌉, the paper's d_y/5)"),
  ]

  /// m from the parameters (0 means ⌈d_y/5⌉).
  static func rowCount(_ parameters: ParameterValues, dimensionY: Int) throws -> Int {
    let m = try parameters.int("constraints")
    return m > 0 ? m : (dimensionY + 4) / 5
  }
}
