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
