import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// Testbed T2, the shallow hyper-representation problem (spec §6.2, from andyjm3/rhgd `test_hyrep_spd.py`).
///
/// SPD inputs Aᵢ (d×d) are mapped to features φᵢ(W) = triu(logm(WᵀAᵢW)) ∈ ℝ^{r(r+1)/2} (upper triangle, row by row,
/// as `torch.triu_indices`) by W ∈ St(d, r); a ridge regression γ on the training half is the lower level and
/// the validation loss the upper level:
///
///   g(W, γ) = (1/N_tr) Σ_train ½(φᵢᵀγ − yᵢ)² + (ρ/2)‖γ‖²,   f(W, γ) = (1/N_val) Σ_val ½(φᵢᵀγ − yᵢ)²,
///
/// with yᵢ = φᵢ(W*)ᵀγ* + noise. Both are finite sums (ρ in every term of g). γ*(W) is a ridge solve, so the
/// hypergradient is exact. Writing φᵢᵀγ = ⟨logm(Sᵢ), G(γ)⟩ with Sᵢ = WᵀAᵢW and G(γ) symmetric (Gⱼⱼ = γⱼⱼ,
/// Gⱼₖ = Gₖⱼ = γⱼₖ/2), its W-gradient is 2AᵢW·D log(Sᵢ)[G(γ)] (``SymmetricLogarithm``).
struct HyperRepresentation: BilevelProblem {
  let d: Int
  let r: Int
  /// ρ.
  let ridge: Double
  /// The SPD inputs of the training and validation halves.
  let trainInputs: [Matrix]
  let validationInputs: [Matrix]
  /// Their targets.
  let trainTargets: [Double]
  let validationTargets: [Double]
  let stiefel: Stiefel
  /// (W₀, γ₀): W₀ = the first r columns of I (as rhgd), γ₀ Gaussian.
  let start: (x: [Double], y: [Double])
  /// The training features at the last W asked for: Hessian products, the ridge solve and the hypergradient all
  /// evaluate them at one W many times in a row, and each costs N_tr eigendecompositions.
  let trainCache = FeatureCache()

  /// r(r+1)/2 features.
  var featureCount: Int { r * (r + 1) / 2 }
  var dimensionX: Int { d * r }
  var dimensionY: Int { featureCount }
  var upperSampleCount: Int { validationInputs.count }
  var lowerSampleCount: Int { trainInputs.count }
  var geometryX: (any Geometry)? { stiefel }
  var hasLowerSolution: Bool { true }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) { start }

  /// One input's log-feature map at W.
  struct Feature {
    /// WᵀAW's logarithm and derivative.
    let logarithm: SymmetricLogarithm
    /// φ = triu(logm(WᵀAW)).
    let phi: [Double]
    /// A·W, for the W-gradient 2AW·D log[G].
    let aw: Matrix
  }

  /// The symmetric G(γ) with ⟨L, G(γ)⟩_F = triu(L)ᵀγ.
  func coefficientMatrix(_ gamma: [Double]) -> Matrix {
    var g = Matrix(rows: r, cols: r)
    var index = 0
    for i in 0..<r {
      for j in i..<r {
        let value = i == j ? gamma[index] : 0.5 * gamma[index]
        g[i, j] = value
        g[j, i] = value
        index += 1
      }
    }
    return g
  }

  /// The features of the whole training half at W, from the cache when W is unchanged.
  func trainingFeatures(_ x: [Double]) throws -> [Feature] {
    if let cached = trainCache.lookup(x) { return cached }
    let computed = try features(x, trainInputs, Array(0..<trainInputs.count))
    trainCache.store(x, computed)
    return computed
  }

  /// The features of the inputs `indices` of `inputs` at W.
  func features(_ x: [Double], _ inputs: [Matrix], _ indices: [Int]) throws -> [Feature] {
    let w = Matrix(rows: d, cols: r, elements: x)
    return try indices.map { i in
      let aw = inputs[i] * w
      let logarithm = try numerical("hyperrep-spd: WᵀAW is not positive definite (is W on the Stiefel manifold?)") {
        try SymmetricLogarithm(Matrix.product(w, aw, transposeA: true))
      }
      let value = logarithm.value
      var phi: [Double] = []
      for i in 0..<r {
        for j in i..<r { phi.append(value[i, j]) }
      }
      return Feature(logarithm: logarithm, phi: phi, aw: aw)
    }
  }

  /// The sample set as indices into one half (all of it for nil), checked.
  func indices(_ samples: [Int]?, count: Int, level: String) throws -> [Int] {
    guard let samples else { return Array(0..<count) }
    guard !samples.isEmpty, samples.allSatisfy({ (0..<count).contains($0) }) else {
      throw PluginError(.invalidArgument, "hyperrep-spd: \(level) sample indices must be in 0..<\(count)")
    }
    return samples
  }

  /// The two halves of the data.
  enum Half {
    /// The training half (g).
    case train
    /// The validation half (f).
    case validation
  }

  /// ½ mean squared residual over `set` of one half, its γ-gradient and W-gradient (no ridge term).
  func loss(
    _ x: [Double], _ gamma: [Double], _ half: Half, _ set: [Int], gradients: Bool
  ) throws -> (value: Double, x: [Double], y: [Double]) {
    let (inputs, targets) = half == .train ? (trainInputs, trainTargets) : (validationInputs, validationTargets)
    let whole = half == .train && set == Array(0..<trainInputs.count)
    let feats = whole ? try trainingFeatures(x) : try features(x, inputs, set)
    let coefficients = coefficientMatrix(gamma)
    var value = 0.0
    var gy = [Double](repeating: 0, count: featureCount)
    var gw = Matrix(rows: d, cols: r)
    let scale = 1 / Double(set.count)
    for (feature, i) in zip(feats, set) {
      let residual = ArrayMath.dot(feature.phi, gamma) - targets[i]
      value += 0.5 * residual * residual * scale
      guard gradients else { continue }
      gy = ArrayMath.axpy(gy, residual * scale, feature.phi)
      gw.addProduct(feature.aw, feature.logarithm.derivative(coefficients), alpha: 2 * residual * scale)
    }
    return (value, gw.elements, gy)
  }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let set = try indices(samples, count: validationInputs.count, level: "upper")
    return try loss(x, y, .validation, set, gradients: false).value
  }

  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    let set = try indices(samples, count: validationInputs.count, level: "upper")
    let result = try loss(x, y, .validation, set, gradients: true)
    return (result.x, result.y)
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let set = try indices(samples, count: trainInputs.count, level: "lower")
    let data = try loss(x, y, .train, set, gradients: false).value
    return data + 0.5 * ridge * ArrayMath.dot(y, y)
  }

  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    let set = try indices(samples, count: trainInputs.count, level: "lower")
    let result = try loss(x, y, .train, set, gradients: true)
    return (result.x, ArrayMath.axpy(result.y, ridge, y))
  }

  /// Φ (N_tr × p) of the training half at W.
  func trainFeatures(_ x: [Double]) throws -> Matrix {
    let feats = try trainingFeatures(x)
    return Matrix(rows: feats.count, cols: featureCount) { i, j in feats[i].phi[j] }
  }

  /// γ*(W) = (ΦᵀΦ/N_tr + ρI)⁻¹Φᵀy/N_tr.
  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    let phi = try trainFeatures(x)
    let scale = 1 / Double(trainInputs.count)
    var hessian = Matrix.gram(phi) * scale
    for i in 0..<featureCount { hessian[i, i] += ridge }
    let rhs = Matrix.product(phi, Matrix(rows: trainTargets.count, cols: 1, elements: trainTargets), transposeA: true)
    let solution = try numerical("hyperrep-spd lower solution") { try Cholesky(hessian).solve(rhs * scale) }
    return (solution.elements, [])
  }

  /// ∇²_γγ g·v = ΦᵀΦv/N_tr + ρv.
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    let phi = try trainFeatures(x)
    let pv = phi * Vector(v)
    let product = Matrix.product(phi, pv, transpose: true, alpha: 1 / Double(trainInputs.count))
    return ArrayMath.axpy(product.elements, ridge, v)
  }

  /// ∇²_Wγ g·v = (1/N_tr) Σᵢ 2AᵢW·D log(Sᵢ)[(φᵢᵀv)·G(γ) + rᵢ·G(v)], rᵢ the residual.
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    let feats = try trainingFeatures(x)
    let (gy, gv) = (coefficientMatrix(y), coefficientMatrix(v))
    let scale = 1 / Double(trainInputs.count)
    var out = Matrix(rows: d, cols: r)
    for (i, feature) in feats.enumerated() {
      let residual = ArrayMath.dot(feature.phi, y) - trainTargets[i]
      let direction = ArrayMath.dot(feature.phi, v) * gy + residual * gv
      out.addProduct(feature.aw, feature.logarithm.derivative(direction), alpha: 2 * scale)
    }
    return out.elements
  }

  static let family = ProblemFamily(
    id: "hyperrep-spd",
    name: "Shallow hyper-representation on SPD inputs (T2)",
    summary: "W ∈ St(d,r) maps SPD inputs to triu(logm(WᵀAW)); ridge regression γ below, validation loss above",
    kind: .bilevel,
    parameters: [
      .int("samples", default: 60, in: 4...1_000_000, help: "N inputs, split in half: training (g) and validation (f)"),
      .int("d", default: 8, in: 1...500, help: "d: inputs are d×d SPD"),
      .int("r", default: 3, in: 1...500, help: "r ≤ d: W is d×r, r(r+1)/2 features"),
      .real("ridge", default: 0.1, above: 0, logScale: true, help: "ρ, the ridge weight of g"),
      .real("noise", default: 1, min: 0, help: "standard deviation of the target noise"),
      .choice("retraction", default: "qr", choices: ["qr", "polar"], help: "Stiefel retraction (map=retract/auto)"),
    ]
  ) { params, rng in
    let (count, d, r) = (try params.int("samples"), try params.int("d"), try params.int("r"))
    guard r <= d else { throw PluginError(.invalidArgument, "r=\(r) exceeds d=\(d); choose r ≤ d") }
    let spd = try SPD(d)
    let inputs = try (0..<count).map { _ in Matrix(rows: d, cols: d, elements: try spd.randomPoint(&rng)) }
    let retraction = try params.string("retraction") == "polar" ? Stiefel.Retraction.polar : .qr
    let stiefel = try Stiefel(n: d, p: r, retraction: retraction)
    let wStar = try stiefel.randomPoint(&rng)
    let featureCount = r * (r + 1) / 2
    let gammaStar = rng.normals(featureCount)
    let noise = try params.real("noise")
    let training = count / 2
    var problem = HyperRepresentation(
      d: d, r: r, ridge: try params.real("ridge"), trainInputs: Array(inputs[..<training]),
      validationInputs: Array(inputs[training...]), trainTargets: [], validationTargets: [], stiefel: stiefel,
      start: (Matrix.identity(d).columns(0..<r).elements, []))
    let clean = try problem.features(wStar, inputs, Array(0..<count)).map { ArrayMath.dot($0.phi, gammaStar) }
    let targets = clean.map { $0 + noise * rng.normal() }
    problem = HyperRepresentation(
      d: d, r: r, ridge: problem.ridge, trainInputs: problem.trainInputs, validationInputs: problem.validationInputs,
      trainTargets: Array(targets[..<training]), validationTargets: Array(targets[training...]), stiefel: stiefel,
      start: (problem.start.x, rng.normals(featureCount)))
    return ProblemInstance(.bilevel(problem))
  }
}
