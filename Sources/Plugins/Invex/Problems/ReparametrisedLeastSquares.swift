import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// I1/I2 (spec §5.1, §5.2): f(x) = ½‖A·φ(x) − b‖² with φ(t) = t + β·sin t coordinate-wise, optionally subject to
/// the box φ(x) ∈ [ℓ, r]ⁿ in the convex coordinates u = φ(x).
///
/// f is nonconvex but invex: ∇f(x) = Dφ(x)·Aᵀ(Aφ(x) − b) with Dφ ≻ 0 vanishes exactly where u = φ(x) minimises
/// the convex g(u) = ½‖Au − b‖². The data are drawn in u: A Gaussian rescaled to ‖A‖₂ = 1 (so g has L = 1 and
/// step 1 is 1/L for GD on u), u_true ~ N(0, s²I) (s = 3 by default, so that coordinates reach the flat
/// stretches of φ near ±π where φ′ ≈ 1 − β), b = A·u_true + σ·noise. Since φ(0) = 0, the start x₀ = 0 is
/// u₀ = 0 for every β, and β = 0 is g itself on the same data: GD on u is baselines' `gd` on this problem with
/// `beta = 0`.
///
/// The box {x : φ(x) ∈ [ℓ, r]ⁿ} is the box [φ⁻¹(ℓ), φ⁻¹(r)]ⁿ in x because φ is increasing, so its Euclidean
/// projection (the `project` oracle, what projected GD in x uses) is coordinate clipping of x; it coincides with
/// clipping u = φ(x) to [ℓ, r] and mapping back (the φ-coordinate projection of spec §4.5).
struct ReparametrisedLeastSquares: ObjectiveFunction {
  /// A, m×n, column-major.
  let a: Matrix
  let b: [Double]
  let phi: SineReparametrisation
  /// The box [ℓ, r] on u, or nil for the unconstrained I1.
  let box: ClosedRange<Double>?

  var dimension: Int { a.cols }
  var hasProjection: Bool { box != nil }

  /// x₀ = 0 (u₀ = 0), projected when constrained.
  func initialPoint() throws -> [Double] { try project([Double](repeating: 0, count: dimension)) }

  /// The residual A·u − b.
  func residual(_ u: [Double]) -> [Double] {
    var r = b.map { -$0 }
    for j in 0..<a.cols {
      let uj = u[j]
      for i in 0..<a.rows { r[i] += a[i, j] * uj }
    }
    return r
  }

  /// Aᵀr.
  func transposeProduct(_ r: [Double]) -> [Double] {
    (0..<a.cols).map { j in
      var s = 0.0
      for i in 0..<a.rows { s += a[i, j] * r[i] }
      return s
    }
  }

  /// g(u) = ½‖Au − b‖².
  func convexValue(_ u: [Double]) -> Double {
    let r = residual(u)
    return 0.5 * ArrayMath.dot(r, r)
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "reparam-ls")
    return convexValue(phi.map(x))
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "reparam-ls")
    let r = residual(phi.map(x))
    var g = transposeProduct(r)
    for j in g.indices { g[j] *= phi.derivative(x[j]) }
    return (0.5 * ArrayMath.dot(r, r), g)
  }

  /// Clips x to [φ⁻¹(ℓ), φ⁻¹(r)]ⁿ.
  func project(_ x: [Double]) throws -> [Double] {
    guard let box else { return x }
    let low = phi.inverse(box.lowerBound)
    let high = phi.inverse(box.upperBound)
    return x.map { min(max($0, low), high) }
  }

  /// max over coordinates of the distance of φ(xᵢ) outside [ℓ, r] (0 when feasible or unconstrained).
  func violation(_ x: [Double]) -> Double {
    guard let box else { return 0 }
    return phi.map(x).reduce(0) { max($0, box.lowerBound - $1, $1 - box.upperBound) }
  }

  /// Draws an instance: A (m×n Gaussian, ‖A‖₂ = 1), u_true, b.
  static func draw(
    rows m: Int, cols n: Int, signal: Double, noise: Double, beta: Double, box: ClosedRange<Double>?,
    rng: inout CatalogueRandom
  ) throws -> ReparametrisedLeastSquares {
    guard m >= n else {
      throw PluginError(.invalidArgument, "rows (\(m)) must be at least cols (\(n)) so A has full column rank")
    }
    let raw = Matrix(rows: m, cols: n, elements: rng.normals(m * n))
    let top = try SymmetricEigen.values(of: Matrix.gram(raw)).max() ?? 1
    let a = raw / top.squareRoot()
    let uTrue = rng.normals(n).map { signal * $0 }
    var b = (Matrix.product(a, Vector(uTrue))).elements
    for i in b.indices { b[i] += noise * rng.normal() }
    return ReparametrisedLeastSquares(a: a, b: b, phi: try SineReparametrisation(beta: beta), box: box)
  }

  /// The minimiser in u: the least-squares solution (AᵀA)⁻¹Aᵀb without a box, and with one the box-constrained
  /// minimiser by exact cyclic coordinate minimisation (a method none of the plugin's algorithms uses), swept
  /// until no coordinate moves by more than 1e-15.
  func convexMinimiser() throws -> [Double] {
    let h = Matrix.gram(a)
    let c = transposeProduct(b.map { -$0 }).map { -$0 }
    let free = try Cholesky(h).solve(Vector(c)).elements
    guard let box else { return free }
    var u = free.map { min(max($0, box.lowerBound), box.upperBound) }
    for _ in 0..<100_000 {
      var largest = 0.0
      for i in u.indices {
        var s = c[i]
        for j in u.indices where j != i { s -= h[i, j] * u[j] }
        let next = min(max(s / h[i, i], box.lowerBound), box.upperBound)
        largest = max(largest, abs(next - u[i]))
        u[i] = next
      }
      if largest <= 1e-15 { break }
    }
    return u
  }

  static func parameters(constrained: Bool) -> [Parameter] {
    var list: [Parameter] = [
      .int("rows", default: 30, in: 1...2000, help: "rows m of A"),
      .int("cols", default: 10, in: 1...500, help: "columns n of A (the dimension of x)"),
      .real("signal", default: 3, min: 0, help: "scale s of u_true ~ N(0, s²I); s = 3 reaches where φ′ ≈ 0.1"),
      .real("noise", default: 0, min: 0, help: "noise σ in b = A·u_true + σ·ε (0: f* = 0)"),
      .real("beta", default: 0.9, above: -1, below: 1, help: "β in φ(t) = t + β sin t (0: the convex g in u)"),
    ]
    if constrained {
      list += [
        .real("lower", default: -0.5, help: "lower bound ℓ of the box on u = φ(x)"),
        .real("upper", default: 0.5, help: "upper bound r of the box on u = φ(x)"),
      ]
    }
    return list
  }

  /// Builds I1 or I2 with references f_star and phi_beta (the K3 kernel data) and metrics dist_to_opt (and
  /// violation for I2).
  static func instance(_ params: ParameterValues, constrained: Bool, rng: inout CatalogueRandom) throws
    -> ProblemInstance
  {
    var box: ClosedRange<Double>? = nil
    if constrained {
      let low = try params.real("lower")
      let high = try params.real("upper")
      guard low < high else {
        throw PluginError(.invalidArgument, "lower (\(low)) must be below upper (\(high)) for the box on u")
      }
      box = low...high
    }
    let problem = try draw(
      rows: params.int("rows"), cols: params.int("cols"), signal: params.real("signal"), noise: params.real("noise"),
      beta: params.real("beta"),
      box: box, rng: &rng)
    let uStar = try problem.convexMinimiser()
    let xStar = problem.phi.inverseMap(uStar)
    let fStar = problem.convexValue(uStar)
    return ProblemInstance(
      .objective(problem), references: [("f_star", fStar), ("phi_beta", problem.phi.beta), ("L_u", 1)],
      metricNames: constrained ? ["dist_to_opt", "violation"] : ["dist_to_opt"],
      metrics: { x in
        let d = ArrayMath.distance(x, xStar)
        return constrained ? [d, problem.violation(x)] : [d]
      })
  }

  static let family = ProblemFamily(
    id: "reparam-ls",
    name: "I1: reparametrised least squares",
    summary: "½‖Aφ(x) − b‖², φ(t) = t + β sin t: nonconvex, invex (K3); ‖A‖₂ = 1, f* and x* known",
    kind: .objective,
    parameters: parameters(constrained: false)
  ) { params, rng in try instance(params, constrained: false, rng: &rng) }

  static let boxFamily = ProblemFamily(
    id: "reparam-ls-box",
    name: "I2: box-constrained reparametrised least squares",
    summary: "I1 subject to φ(x) ∈ [ℓ, r]ⁿ (a box in u); projection clips x; constrained f*, x* known",
    kind: .objective,
    parameters: parameters(constrained: true)
  ) { params, rng in try instance(params, constrained: true, rng: &rng) }
}
