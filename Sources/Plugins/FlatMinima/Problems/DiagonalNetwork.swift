import CatalogueSDK
import Glibc
import LinearAlgebra
import SeededRandom

/// The diagonal linear network for sparse regression (spec §4.3): pᵢ(u, v) = ⟨aᵢ, u⊙u − v⊙v⟩ on n noiseless
/// examples of a k-sparse β*, started at a sharp interpolating point.
///
/// With β = u² − v², on X* the trace tr ∇²f = (4/n) Σᵢ Σⱼ aᵢⱼ²(uⱼ² + vⱼ²) is a weighted norm that a flat minimum
/// makes ≈ a weighted ℓ1 norm of β, so flat minima recover β* ("flat = generalises"). The start takes the
/// minimum-norm interpolator β₀ = A⁺y and uⱼ = √(β₀ⱼ⁺ + s), vⱼ = √(β₀ⱼ⁻ + s): exactly on X*, with a large trace.
/// The outputs are quadratic, so tr ∇²pᵢ = 0 and the trace formula holds off X* too. The flow
/// u̇ = −(2/n)(Aᵀr)⊙u, v̇ = (2/n)(Aᵀr)⊙v conserves uⱼvⱼ, and Φ follows from an n-dimensional concave problem.
struct DiagonalNetwork: OutputModel {
  /// Features, row-major n × m (row i is aᵢ).
  let features: [Double]
  let targets: [Double]
  let width: Int
  let start: [Double]

  var dimension: Int { 2 * width }
  var sampleCount: Int { targets.count }

  /// β = u⊙u − v⊙v.
  func beta(_ x: [Double]) -> [Double] {
    (0..<width).map { x[$0] * x[$0] - x[width + $0] * x[width + $0] }
  }

  func outputs(_ x: [Double], samples: [Int]) -> [Double] {
    let b = beta(x)
    return samples.map { i in
      var p = 0.0
      let row = i * width
      for j in 0..<width { p += features[row + j] * b[j] }
      return p
    }
  }

  /// Σₖ wₖ∇p_{sₖ} = (2q⊙u, −2q⊙v) with q = Σₖ wₖ a_{sₖ}.
  func pullback(_ x: [Double], samples: [Int], weights: [Double]) -> [Double] {
    var q = [Double](repeating: 0, count: width)
    for (k, i) in samples.enumerated() {
      let w = weights[k]
      let row = i * width
      for j in 0..<width { q[j] += w * features[row + j] }
    }
    var g = [Double](repeating: 0, count: dimension)
    for j in 0..<width {
      g[j] = 2 * q[j] * x[j]
      g[width + j] = -2 * q[j] * x[width + j]
    }
    return g
  }

  /// ∇²pᵢ = 2 diag(aᵢ, −aᵢ) has zero trace.
  func outputHessianTraces(_ x: [Double]) -> [Double] { [Double](repeating: 0, count: sampleCount) }

  func outputHessianVector(_ x: [Double], sample: Int, _ v: [Double]) -> [Double] {
    let row = sample * width
    var out = [Double](repeating: 0, count: dimension)
    for j in 0..<width {
      out[j] = 2 * features[row + j] * v[j]
      out[width + j] = -2 * features[row + j] * v[width + j]
    }
    return out
  }

  /// Φ(u, v) = (u⊙e^{−s}, v⊙e^{s}) with s = Aᵀλ, where λ maximises the strictly concave
  /// ψ(λ) = −½ Σⱼ(uⱼ²e^{−2sⱼ} + vⱼ²e^{2sⱼ}) − yᵀλ, whose gradient A(u²e^{−2s} − v²e^{2s}) − y vanishes exactly on
  /// X*. Newton's method with Armijo backtracking (Hessian −2A diag(u²e^{−2s} + v²e^{2s})Aᵀ, by Cholesky).
  func flowLimit(_ x: [Double]) -> [Double]? {
    let n = sampleCount
    let m = width
    let scale = 1 + targets.reduce(0) { max($0, abs($1)) }
    var lambda = [Double](repeating: 0, count: n)
    func state(_ lambda: [Double]) -> (psi: Double, f: [Double], weights: [Double], s: [Double]) {
      var s = [Double](repeating: 0, count: m)
      for i in 0..<n {
        let row = i * m
        for j in 0..<m { s[j] += features[row + j] * lambda[i] }
      }
      var psi = -ArrayMath.dot(targets, lambda)
      var difference = [Double](repeating: 0, count: m)
      var weights = [Double](repeating: 0, count: m)
      for j in 0..<m {
        let down = x[j] * x[j] * exp(-2 * s[j])
        let up = x[m + j] * x[m + j] * exp(2 * s[j])
        psi -= 0.5 * (down + up)
        difference[j] = down - up
        weights[j] = down + up
      }
      let f = (0..<n).map { i in
        var p = -targets[i]
        for j in 0..<m { p += features[i * m + j] * difference[j] }
        return p
      }
      return (psi, f, weights, s)
    }
    var current = state(lambda)
    for _ in 0..<100 {
      // Converged once F is at the level of its own rounding error, ε·maxᵢ Σⱼ|aᵢⱼ|(uⱼ²e^{−2sⱼ} + vⱼ²e^{2sⱼ}).
      let rounding = (0..<n).reduce(scale) { bound, i in
        max(bound, (0..<m).reduce(0.0) { $0 + abs(features[i * m + $1]) * current.weights[$1] })
      }
      if current.f.allSatisfy({ abs($0) <= 1e-13 * rounding }) { break }
      // M = 2 A diag(w) Aᵀ as the Gram matrix of B = A diag(√(2w)), n × m column-major.
      var b = [Double](repeating: 0, count: n * m)
      for i in 0..<n {
        for j in 0..<m { b[i + j * n] = features[i * m + j] * (2 * current.weights[j]).squareRoot() }
      }
      let gram = Matrix.gram(Matrix(rows: n, cols: m, elements: b), transpose: true)
      guard let direction = try? Cholesky(gram).solve(Vector(current.f)).elements else { break }
      let slope = ArrayMath.dot(current.f, direction)
      var t = 1.0
      var accepted = false
      for _ in 0..<30 {
        let trial = state(ArrayMath.axpy(lambda, t, direction))
        // Armijo on ψ; near the root ψ changes below its rounding, so a smaller residual is accepted too.
        let sufficient = trial.psi >= current.psi + 1e-4 * t * slope
        let smaller = trial.f.map(abs).max()! < current.f.map(abs).max()!
        if trial.psi.isFinite && (sufficient || smaller) {
          lambda = ArrayMath.axpy(lambda, t, direction)
          current = trial
          accepted = true
          break
        }
        t /= 2
      }
      if !accepted { break }
    }
    return (0..<m).map { x[$0] * exp(-current.s[$0]) } + (0..<m).map { x[m + $0] * exp(current.s[$0]) }
  }

  /// Draws an instance: Gaussian features, a k-sparse β* with ±1 entries on a random support, y = Aβ*.
  static func make(
    samples n: Int, width m: Int, sparsity k: Int, offset s: Double, rng: inout CatalogueRandom
  ) throws -> (model: DiagonalNetwork, betaStar: [Double]) {
    let features = rng.normals(n * m)
    var support = Array(0..<m)
    for j in 0..<k { support.swapAt(j, j + rng.index(below: m - j)) }
    var betaStar = [Double](repeating: 0, count: m)
    for j in support.prefix(k) { betaStar[j] = rng.sign() }
    let targets = (0..<n).map { i in (0..<m).reduce(0.0) { $0 + features[i * m + $1] * betaStar[$1] } }
    // β₀ = A⁺y, the minimum-norm interpolator (LAPACK dgels on the n × m system, n ≤ m).
    let a = Matrix(rows: n, cols: m) { i, j in features[i * m + j] }
    let beta0: [Double]
    do {
      beta0 = try a.leastSquares(Matrix(rows: n, cols: 1, elements: targets)).elements
    } catch {
      throw PluginError(.numerical, "diagonal-network: the features are rank deficient (\(error)); change the seed")
    }
    let u = beta0.map { (max($0, 0) + s).squareRoot() }
    let v = beta0.map { (max(-$0, 0) + s).squareRoot() }
    return (DiagonalNetwork(features: features, targets: targets, width: m, start: u + v), betaStar)
  }

  static let family = ProblemFamily(
    id: "diagonal-network",
    name: "Diagonal linear network (sparse regression)",
    summary: "pᵢ = ⟨aᵢ, u⊙u − v⊙v⟩ on a 3-sparse β*, from a sharp interpolating start; flat minima recover β*",
    kind: .objective,
    parameters: [
      .int("width", default: 40, in: 1...100_000, help: "features m (dimension d = 2m)"),
      .int("samples", default: 20, in: 1...100_000, help: "training examples n (at most width)"),
      .int("sparsity", default: 3, in: 0...100_000, help: "non-zeros k of β* (at most width)"),
      .real(
        "offset", default: 1, above: 0, help: "s in the start uⱼ = √(β₀ⱼ⁺ + s), vⱼ = √(β₀ⱼ⁻ + s): larger is sharper"),
      .int("test_samples", default: 1000, in: 1...10_000_000, help: "fresh examples for test_mse"),
    ] + FlatnessOptions.parameters(defaultFlow: .exact, choices: FlatnessOptions.FlowLimit.allCases)
  ) { params, rng in
    let m = try params.int("width")
    let n = try params.int("samples")
    let k = try params.int("sparsity")
    guard n <= m else {
      throw PluginError(.invalidArgument, "samples=\(n) exceeds width=\(m): the interpolating start needs n ≤ m")
    }
    guard k <= m else { throw PluginError(.invalidArgument, "sparsity=\(k) exceeds width=\(m); use sparsity ≤ width") }
    let (model, betaStar) = try make(
      samples: n, width: m, sparsity: k, offset: try params.real("offset"), rng: &rng)
    // test_mse = E(⟨a, β − β*⟩²) over the test set = (β − β*)ᵀ G (β − β*), G = (1/N) A_testᵀ A_test.
    let testCount = try params.int("test_samples")
    let test = Matrix(rows: testCount, cols: m, elements: rng.normals(testCount * m))
    let gram = Matrix.gram(test).elements.map { $0 / Double(testCount) }
    let loss = SquaredLoss(model: model, name: "diagonal-network")
    return try FlatnessMetrics.instance(
      loss, options: try FlatnessOptions(params), rng: &rng, extraNames: ["beta_error", "test_mse"]
    ) { x, _ in
      let error = ArrayMath.subtract(model.beta(x), betaStar)
      var mse = 0.0
      for j in 0..<m {
        var row = 0.0
        for i in 0..<m { row += gram[i + j * m] * error[i] }
        mse += error[j] * row
      }
      return [ArrayMath.norm(error), mse]
    }
  }
}
