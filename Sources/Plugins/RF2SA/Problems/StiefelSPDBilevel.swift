import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// Testbed T1 (spec §6.1, from andyjm3/rhgd `test_synthetic_spd_gr.py`): upper variable W ∈ St(d, r), lower
/// variable M ∈ SPD(d),
///
///   f(W, M) = −tr(M·XᵀY·Wᵀ),   g(W, M) = ⟨M, XᵀX⟩ + ⟨M⁻¹, W·YᵀY·Wᵀ + νI⟩,
///
/// with X ∈ ℝ^{n×d}, Y ∈ ℝ^{n×r} Gaussian, each scaled to unit Frobenius norm. With A = XᵀX (n ≥ d) and
/// B = W·YᵀY·Wᵀ + νI the lower problem is geodesically strongly convex and M* solves M·A·M = B:
/// M* = A^{−1/2}(A^{1/2}BA^{1/2})^{1/2}A^{−1/2}, the geometric mean of A⁻¹ and B.
///
/// It is a finite sum over the n rows (term i uses n·xᵢxᵢᵀ, n·yᵢyᵢᵀ and n·xᵢyᵢᵀ, the ν-term in every one), so the
/// stochastic method runs on it too. The reference `f_star` is the value at the stationary point reached by exact
/// RHGD (exact M*, Lyapunov hypergradient) from the initial point: F is nonconvex, so it is a local optimum.
struct StiefelSPDBilevel: BilevelProblem {
  let n: Int
  let d: Int
  let r: Int
  /// ν.
  let nu: Double
  /// X (n×d) and Y (n×r), unit Frobenius norm.
  let dataX: Matrix
  let dataY: Matrix
  /// The full moments A = XᵀX, YᵀY and XᵀY.
  let full: Moments
  /// A^{1/2} and A^{−1/2}, for the closed-form lower solution.
  let aRoot: Matrix
  let aInverseRoot: Matrix
  let stiefel: Stiefel
  let spd: SPD
  /// W₀ (random on the Stiefel manifold); M₀ = I.
  let start: [Double]
  /// M⁻¹ at the last two points ∇g was asked for.
  let inverses = InverseCache()

  /// The data moments of a sample set, each scaled by n/|S| so that they average to the full ones.
  struct Moments {
    let a: Matrix
    let yy: Matrix
    let xy: Matrix
  }

  var dimensionX: Int { d * r }
  var dimensionY: Int { d * d }
  var upperSampleCount: Int { n }
  var lowerSampleCount: Int { n }
  var geometryX: (any Geometry)? { stiefel }
  var geometryY: (any Geometry)? { spd }
  var hasLowerSolution: Bool { true }
  var hasLowerHessian: Bool { true }

  /// An instance from its data; `start` nil means W₀ = the first r columns of I.
  init(dataX: Matrix, dataY: Matrix, nu: Double, start: [Double]?, retraction: Stiefel.Retraction) throws {
    n = dataX.rows
    d = dataX.cols
    r = dataY.cols
    self.nu = nu
    self.dataX = dataX
    self.dataY = dataY
    let a = Matrix.gram(dataX)
    full = Moments(
      a: a, yy: Matrix.gram(dataY), xy: Matrix.product(dataX, dataY, transposeA: true))
    (aRoot, aInverseRoot) = try numerical("stiefel-spd-bilevel: XᵀX is not positive definite (need n ≥ d)") {
      (try a.symmetricSqrt(), try a.symmetricInverseSqrt())
    }
    stiefel = try Stiefel(n: d, p: r, retraction: retraction)
    // Exp on SPD(d) through the Padé exponential: at the paper's d = 50 an eigendecomposition per step cost more
    // than the rest of the step (rf2sa.md, performance).
    spd = try SPD(d, exponential: .pade)
    self.start = start ?? Matrix.identity(d).columns(0..<r).elements
  }

  func initialPoint() throws -> (x: [Double], y: [Double]) {
    (start, Matrix.identity(d).elements)
  }

  /// The moments of a sample set (the full ones for nil), checking the indices.
  func moments(_ samples: [Int]?) throws -> Moments {
    guard let samples else { return full }
    guard !samples.isEmpty, samples.allSatisfy({ (0..<n).contains($0) }) else {
      throw PluginError(.invalidArgument, "stiefel-spd-bilevel: sample indices must be in 0..<\(n) (got \(samples))")
    }
    let xs = Matrix(rows: samples.count, cols: d) { i, j in dataX[samples[i], j] }
    let ys = Matrix(rows: samples.count, cols: r) { i, j in dataY[samples[i], j] }
    let scale = Double(n) / Double(samples.count)
    return Moments(
      a: scale * Matrix.gram(xs), yy: scale * Matrix.gram(ys),
      xy: Matrix.product(xs, ys, transposeA: true, alpha: scale))
  }

  /// x as the d×r matrix W.
  func w(_ x: [Double]) -> Matrix { Matrix(rows: d, cols: r, elements: x) }
  /// y as the d×d matrix M.
  func m(_ y: [Double]) -> Matrix { Matrix(rows: d, cols: d, elements: y) }

  /// B = W·YᵀY·Wᵀ + νI.
  func b(_ w: Matrix, _ yy: Matrix) -> Matrix {
    var b = (w * Matrix.product(yy, w, transposeB: true)).symmetrized()
    for i in 0..<d { b[i, i] += nu }
    return b
  }

  /// The Cholesky factor of M, reporting a non-SPD M as the caller's error.
  func factor(_ m: Matrix) throws -> Cholesky {
    do {
      return try Cholesky(m.symmetrized())
    } catch is LinearAlgebraError {
      throw PluginError(.invalidArgument, "stiefel-spd-bilevel: the lower variable M is not positive definite")
    }
  }

  /// M⁻¹, reporting a non-SPD M as the caller's error.
  func inverse(_ m: Matrix) throws -> Matrix {
    do {
      return try factor(m).inverse()
    } catch is LinearAlgebraError {
      throw PluginError(.invalidArgument, "stiefel-spd-bilevel: the lower variable M is not positive definite")
    }
  }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let s = try moments(samples)
    return -m(y).frobeniusInner(Matrix.product(w(x), s.xy, transposeB: true))
  }

  /// ∇_W f = −M·XᵀY, ∇_M f = −sym(W·YᵀX).
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try upperGradient(x, y, samples: samples, parts: .both)
  }

  /// The parts of ∇f asked for (each costs one product).
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    let s = try moments(samples)
    let gw = parts.contains(.x) ? Matrix.product(m(y), s.xy, alpha: -1).elements : []
    let gm = parts.contains(.y) ? Matrix.product(w(x), s.xy, transposeB: true, alpha: -1).symmetrized().elements : []
    return (gw, gm)
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let s = try moments(samples)
    let mm = m(y)
    return mm.frobeniusInner(s.a) + (try inverse(mm)).frobeniusInner(b(w(x), s.yy))
  }

  /// ∇_W g = 2M⁻¹·W·YᵀY, ∇_M g = A − M⁻¹BM⁻¹.
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try lowerGradient(x, y, samples: samples, parts: .both)
  }

  /// The parts of ∇g asked for, from M⁻¹ and the thin K = M⁻¹W: ∇_W g = 2K·YᵀY and, since B = W·YᵀY·Wᵀ + νI,
  /// ∇_M g = A − M⁻¹BM⁻¹ = A − (K·YᵀY)·Kᵀ − ν·M⁻². Products with the d×r matrix K replace the four d×d triangular
  /// solves of M⁻¹BM⁻¹ (slow BLAS kernels at d = 50: half of the step's time), and M⁻¹ is computed once per point
  /// (``InverseCache``: RF²SA asks for both parts at each tracker, one after the other step).
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    let s = try moments(samples)
    let mi = try inverses.inverse(y) { try inverse(m(y)) }
    let k = mi * w(x)
    let kyy = k * s.yy
    var gw: [Double] = []
    if parts.contains(.x) {
      var twice = kyy
      twice *= 2
      gw = twice.elements
    }
    guard parts.contains(.y) else { return (gw, []) }
    var gm = s.a
    gm.addProduct(kyy, k, transposeB: true, alpha: -1)
    gm.add(Matrix.gram(mi), scaledBy: -nu)
    return (gw, gm.symmetrized().elements)
  }

  /// M* = A^{−1/2}(A^{1/2}BA^{1/2})^{1/2}A^{−1/2}.
  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    let inner = aRoot * (b(w(x), full.yy) * aRoot)
    let root = try numerical("stiefel-spd-bilevel lower solution") { try inner.symmetricSqrt() }
    return ((aInverseRoot * (root * aInverseRoot)).symmetrized().elements, [])
  }

  /// ∇²_MM g[U] = M⁻¹UM⁻¹BM⁻¹ + M⁻¹BM⁻¹UM⁻¹ (U symmetrised: the Hessian on symmetric matrices).
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    let mi = try inverse(m(y))
    let p = mi * (m(v).symmetrized() * (mi * (b(w(x), full.yy) * mi)))
    return (p + p.transposed()).elements
  }

  /// ∇²_WM g[V] = −2M⁻¹VM⁻¹·W·YᵀY.
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    let mi = try inverse(m(y))
    return Matrix.product(mi * (m(v).symmetrized() * mi), w(x) * full.yy, alpha: -2).elements
  }

  /// F(W) and its exact Riemannian gradient in closed form, independently of the algorithms' generic solver.
  ///
  /// At M = M*(W) = LLᵀ, the whitened Riemannian Hessian of g is V ↦ CV + VC with C = ½(L⁻¹BL⁻ᵀ + LᵀAL) (spec §6.1,
  /// the Lyapunov solve of andyjm3/rhgd `true_hessinv`); v = L·Lyap(C, L⁻¹·grad_M f·L⁻ᵀ)·Lᵀ and
  /// grad F = proj_W(∇_W f + 2M⁻¹vM⁻¹·W·YᵀY).
  func hypergradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
    let ww = w(x)
    let mStar = try lowerSolution(x).y
    let mm = m(mStar)
    let value = try upperValue(x, mStar, samples: nil)
    let (gw, gm) = try upperGradient(x, mStar, samples: nil)
    return try numerical("stiefel-spd-bilevel hypergradient") {
      let cholesky = try Cholesky(mm)
      let lower = cholesky.lower
      let c =
        0.5 * (cholesky.inverseCongruence(b(ww, full.yy)) + Matrix.product(lower, full.a * lower, transposeA: true))
      let riemannian = (mm * (m(gm) * mm)).symmetrized()
      let v = cholesky.congruence(try SymmetricLyapunov(c).solve(cholesky.inverseCongruence(riemannian)))
      let mi = try cholesky.inverse()
      var euclidean = Matrix(rows: d, cols: r, elements: gw)
      euclidean.addProduct(mi * (v * mi), ww * full.yy, alpha: 2)
      return (value, try stiefel.project(x, euclidean.elements))
    }
  }

  static let family = ProblemFamily(
    id: "stiefel-spd-bilevel",
    name: "Synthetic Stiefel/SPD bilevel problem (T1)",
    summary: "W ∈ St(d,r), M ∈ SPD(d): f = −tr(MXᵀYWᵀ), g = ⟨M,XᵀX⟩ + ⟨M⁻¹,WYᵀYWᵀ+νI⟩; closed-form M*, exact grad F",
    kind: .bilevel,
    parameters: [
      .int("n", default: 30, in: 1...1_000_000, help: "rows of X and Y (finite-sum terms); n ≥ d"),
      .int("d", default: 8, in: 1...2000, help: "d: M is d×d, W is d×r"),
      .int("r", default: 3, in: 1...2000, help: "r ≤ d: columns of W"),
      .real("nu", default: 0.01, above: 0, logScale: true, help: "ν > 0 in B = WYᵀYWᵀ + νI"),
      .choice("retraction", default: "qr", choices: ["qr", "polar"], help: "Stiefel retraction (map=retract/auto)"),
      .int(
        "reference_iters", default: 2000, in: 0...1_000_000,
        help: "exact-RHGD steps for the reference f_star (0: no f_star, no f_gap column)"),
    ]
  ) { params, rng in
    let (n, d, r) = (try params.int("n"), try params.int("d"), try params.int("r"))
    guard r <= d else { throw PluginError(.invalidArgument, "r=\(r) exceeds d=\(d); choose r ≤ d") }
    guard n >= d else {
      throw PluginError(.invalidArgument, "n=\(n) < d=\(d) makes XᵀX singular; choose n ≥ d")
    }
    var x = Matrix(rows: n, cols: d, elements: rng.normals(n * d))
    x = x / x.frobeniusNorm
    var y = Matrix(rows: n, cols: r, elements: rng.normals(n * r))
    y = y / y.frobeniusNorm
    let retraction = try params.string("retraction") == "polar" ? Stiefel.Retraction.polar : .qr
    let stiefel = try Stiefel(n: d, p: r, retraction: retraction)
    let start = try stiefel.randomPoint(&rng)
    let problem = try StiefelSPDBilevel(
      dataX: x, dataY: y, nu: try params.real("nu"), start: start, retraction: retraction)
    var references: [(name: String, value: Double)] = []
    let iterations = try params.int("reference_iters")
    if iterations > 0 {
      let descent = ReferenceDescent(
        evaluate: problem.hypergradient, retract: stiefel.retract, norm: { ArrayMath.norm($1) })
      references.append(("f_star", try descent.minimise(from: start, iterations: iterations).value))
    }
    return ProblemInstance(.bilevel(problem), references: references)
  }
}
