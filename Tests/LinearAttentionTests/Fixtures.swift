import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinearAttention

/// Shared builders for the tests: prompts, random weights, a recording channel.
enum Fixtures {
  /// `count` prompts of the code's rotated problem (or another covariance), drawn from `seed`.
  static func prompts(
    _ count: Int, d: Int = 5, n: Int = 20, covariance: CovarianceMode = .code, prior: TaskPrior = .inverseCovariance,
    features: FeatureDistribution = .gaussian, noise: Double = 0, seed: UInt64 = 1
  ) throws -> PromptBatch {
    var rng = CatalogueRandom(seed: seed, stream: 7)
    let sampler = try RegressionPromptSampler(
      featureDimension: d, contextLength: n, noiseStd: noise, features: features, covariance: covariance,
      taskPrior: prior, rng: &rng)
    return try PromptBatch.draw(count, from: sampler, rng: &rng)
  }

  /// A model whose every weight is N(0, scale²) (memory coefficients too), for identities and gradient checks.
  static func randomModel(_ c: TransformerConfiguration, scale: Double = 0.3, seed: UInt64 = 2) throws
    -> LinearTransformer
  {
    var rng = CatalogueRandom(seed: seed)
    var model = try LinearTransformer(configuration: c, initStd: scale, rng: &rng)
    for index in model.weights.tensors.indices
    where !LinearTransformer.isAttentionTensor(model.weights.tensors[index].name) {
      model.weights.tensors[index].values = model.weights.tensors[index].values.map { $0 + scale * rng.normal() }
    }
    return model
  }

  /// Sparse model with per-layer scalar steps η_ℓ (A_ℓ = η_ℓ·I): L steps of GD.
  static func gradientDescentModel(steps: [Double], d: Int = 5, n: Int = 20) throws -> LinearTransformer {
    let c = TransformerConfiguration(
      featureDimension: d, contextLength: n, layers: steps.count, blocks: .scalar)
    var weights = LinearTransformer.layout(c)
    for l in steps.indices { weights.tensors[l].values = [steps[l]] }
    return try LinearTransformer(configuration: c, weights: weights)
  }
}

/// A channel that records what an algorithm sends the host, with an iteration budget like the host's.
final class RecordingChannel: TrainingChannel {
  var rng: CatalogueRandom
  let budget: Int
  var columns: [String] = []
  var rows: [(iteration: Int, values: [Double])] = []
  var results: [String: Double] = [:]
  var vectors: [String: [Double]] = [:]
  var artifacts: [String: [UInt8]] = [:]
  var logs: [String] = []
  var finished: String?

  init(seed: UInt64, budget: Int) {
    rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
    self.budget = budget
  }

  func declareTrace(_ columns: [String]) throws { self.columns = columns }
  func report(iteration: Int, _ values: [Double]) -> Bool {
    rows.append((iteration, values))
    return iteration < budget
  }
  func progress(_ fraction: Double, _ message: String?) {}
  func log(_ message: String, level: Run.LogLevel) { logs.append(message) }
  func result(_ key: String, _ value: Double) throws { results[key] = value }
  func result(_ key: String, vector: [Double]) throws { vectors[key] = vector }
  func writeArtifact(_ name: String, bytes: [UInt8]) throws { artifacts[name] = bytes }
  func finish(_ reason: Termination, _ message: String) { finished = message }

  /// One trace column.
  func column(_ name: String) -> [Double] {
    let index = columns.firstIndex(of: name)!
    return rows.map { $0.values[index] }
  }
}
