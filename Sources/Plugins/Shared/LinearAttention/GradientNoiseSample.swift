import CatalogueSDK
import Glibc
import LinearAlgebra
import SeededRandom

/// The stochastic-gradient noise at one point of a training run: the norms ‖g_k − ḡ‖ of K minibatch gradients
/// against a large-batch gradient ḡ, and the statistics that compare their tail with that of a Gaussian of the same
/// covariance (linear-attention-dynamics.md §4.1, item 2: `plot_stochastic_noise.ipynb` histograms ‖g − ḡ‖₂ and
/// reads a heavy right tail off the picture).
///
/// The Gaussian comparison is made concrete here: with S = (1/K)·Σ_k (g_k − ḡ)(g_k − ḡ)ᵀ and eigenvalues λ_i, a
/// Gaussian noise ξ ~ N(0, S) has ‖ξ‖² = Σ_i λ_i z_i² with z ~ N(0, I), so its norms can be drawn exactly from the
/// spectrum. The Hill estimator of the tail index on the top fraction of the norms is small for a heavy tail and
/// grows with the sample for a light one; its ratio against the same estimator on Gaussian norms of the same count
/// is the claim's statistic (> 1: heavier than Gaussian).
public struct GradientNoiseSample: Sendable {
  /// ‖g_k − ḡ‖ for every minibatch gradient, in drawing order.
  public let norms: [Double]
  /// The eigenvalues of S, descending.
  public let covarianceEigenvalues: [Double]

  /// Measures the noise of `gradients` around `reference` (all of one length P).
  public init(reference: [Double], gradients: [[Double]]) throws {
    let p = reference.count
    guard !gradients.isEmpty, p > 0 else {
      throw PluginError(.invalidArgument, "the noise measurement needs at least one gradient of positive length")
    }
    var deviations = Matrix(rows: p, cols: gradients.count)
    var norms: [Double] = []
    norms.reserveCapacity(gradients.count)
    deviations.withUnsafeMutableBufferPointer { buffer in
      for (k, g) in gradients.enumerated() {
        precondition(g.count == p, "every gradient needs \(p) entries")
        var squared = 0.0
        for i in 0..<p {
          let e = g[i] - reference[i]
          buffer[i + p * k] = e
          squared += e * e
        }
        norms.append(squared.squareRoot())
      }
    }
    var second = Matrix.gram(deviations, transpose: true)
    second *= 1 / Double(gradients.count)
    self.norms = norms
    covarianceEigenvalues = try SymmetricEigen.values(of: second).map { max($0, 0) }.sorted(by: >)
  }

  /// Norms ‖ξ‖ of `count` draws ξ ~ N(0, S): √(Σ_i λ_i z_i²).
  public func gaussianNorms(count: Int, rng: inout CatalogueRandom) -> [Double] {
    (0..<count).map { _ in
      covarianceEigenvalues.reduce(0) { sum, lambda in
        let z = rng.normal()
        return sum + lambda * z * z
      }.squareRoot()
    }
  }

  /// The tail statistics of these norms against Gaussian norms of the same count and covariance, the Gaussian side
  /// averaged over `replicates` independent samples so its own noise is small.
  public func tailComparison(tailFraction: Double = 0.05, replicates: Int = 20, rng: inout CatalogueRandom)
    -> TailComparison
  {
    var hill = 0.0
    var kurtosis = 0.0
    for _ in 0..<replicates {
      let reference = gaussianNorms(count: norms.count, rng: &rng)
      hill += Self.hillTailIndex(reference, tailFraction: tailFraction)
      kurtosis += Self.excessKurtosis(reference)
    }
    return TailComparison(
      hillIndex: Self.hillTailIndex(norms, tailFraction: tailFraction),
      gaussianHillIndex: hill / Double(replicates), excessKurtosis: Self.excessKurtosis(norms),
      gaussianExcessKurtosis: kurtosis / Double(replicates))
  }

  /// The Hill estimator α̂ = [(1/k)·Σ_{i<k} ln(X_(i)/X_(k))]⁻¹ over the k = max(2, ⌊fraction·count⌋) largest values
  /// X_(0) ≥ X_(1) ≥ … (0-based); a Pareto tail P(X > x) ∝ x^(−α) gives α̂ → α. Infinite when the top values tie.
  public static func hillTailIndex(_ x: [Double], tailFraction: Double) -> Double {
    precondition(x.count >= 3, "the Hill estimator needs at least 3 values")
    let sorted = x.sorted(by: >)
    let k = min(max(2, Int(tailFraction * Double(x.count))), x.count - 1)
    let threshold = sorted[k]
    guard threshold > 0 else { return .nan }
    var sum = 0.0
    for i in 0..<k { sum += log(sorted[i] / threshold) }
    return sum > 0 ? Double(k) / sum : .infinity
  }

  /// The sample excess kurtosis m₄/m₂² − 3 (0 for a Gaussian variable).
  public static func excessKurtosis(_ x: [Double]) -> Double {
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    var m2 = 0.0
    var m4 = 0.0
    for v in x {
      let e = (v - mean) * (v - mean)
      m2 += e
      m4 += e * e
    }
    m2 /= n
    m4 /= n
    return m2 > 0 ? m4 / (m2 * m2) - 3 : 0
  }

  /// A density of the Gaussian-reference norms on `bins` equal bins over [lower, upper] from `count` draws (the
  /// dashed reference of the histogram figure): bin centres and densities.
  public func gaussianDensity(
    lower: Double, upper: Double, bins: Int, count: Int, rng: inout CatalogueRandom
  ) -> (grid: [Double], density: [Double]) {
    precondition(upper > lower && bins > 0 && count > 0, "gaussianDensity needs a non-empty range")
    let width = (upper - lower) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for value in gaussianNorms(count: count, rng: &rng) {
      let bin = Int(((value - lower) / width).rounded(.down))
      if bin >= 0 && bin < bins { counts[bin] += 1 }
    }
    let grid = (0..<bins).map { lower + (Double($0) + 0.5) * width }
    return (grid, counts.map { $0 / (Double(count) * width) })
  }
}

/// Tail statistics of gradient-noise norms next to those of Gaussian noise with the same covariance.
public struct TailComparison: Sendable, Equatable {
  /// Hill tail index of the measured norms.
  public var hillIndex: Double
  /// Mean Hill tail index of Gaussian norms of the same count.
  public var gaussianHillIndex: Double
  /// Excess kurtosis of the measured norms.
  public var excessKurtosis: Double
  /// Mean excess kurtosis of the Gaussian norms.
  public var gaussianExcessKurtosis: Double

  /// gaussianHillIndex / hillIndex: above 1 when the measured tail is heavier than the Gaussian one.
  public var tailRatio: Double { gaussianHillIndex / hillIndex }
}

extension GradientNoiseSample {
  /// Measures the noise of `model` at its current weights: ḡ from `referenceSize` fresh prompts (in chunks of
  /// `batchSize`, averaged with their sizes as weights, which is the gradient of the mean loss over all of them), then
  /// `count` minibatch gradients of `batchSize` fresh prompts each; `progress` receives the fraction done.
  public static func measure(
    _ model: some TrainableModel, sampler: any RegressionTaskSampler, batchSize: Int, referenceSize: Int, count: Int,
    rng: inout CatalogueRandom, progress: (Double) -> Void = { _ in }
  ) throws -> GradientNoiseSample {
    guard batchSize >= 1, referenceSize >= 1, count >= 3 else {
      throw PluginError(
        .invalidArgument, "noise measurement needs batch ≥ 1, reference ≥ 1 and at least 3 minibatch gradients")
    }
    var workspace = TransformerWorkspace()
    let chunks = (referenceSize + batchSize - 1) / batchSize
    let total = Double(chunks + count)
    var reference = [Double](repeating: 0, count: model.weights.scalarCount)
    var start = 0
    while start < referenceSize {
      let size = min(batchSize, referenceSize - start)
      let batch = try PromptBatch.draw(size, from: sampler, rng: &rng)
      let gradient = try model.lossAndGradient(batch, workspace: &workspace).gradient.flattened
      let weight = Double(size) / Double(referenceSize)
      for i in reference.indices { reference[i] += weight * gradient[i] }
      start += size
      progress(Double(start / batchSize) / total)
    }
    var gradients: [[Double]] = []
    gradients.reserveCapacity(count)
    for k in 0..<count {
      let batch = try PromptBatch.draw(batchSize, from: sampler, rng: &rng)
      gradients.append(try model.lossAndGradient(batch, workspace: &workspace).gradient.flattened)
      if k % 50 == 0 { progress(Double(chunks + k) / total) }
    }
    return try GradientNoiseSample(reference: reference, gradients: gradients)
  }
}
