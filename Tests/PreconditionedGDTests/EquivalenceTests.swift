import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import PreconditionedGD

/// The equivalence lemma (common-incontext-regression.md §5) through this plugin's reading of the weights: a sparse
/// L-layer transformer is L steps of preconditioned GD with its blocks A_ℓ, prompt by prompt, to round-off.
final class EquivalenceTests: XCTestCase {
  private func prompts(_ count: Int, covariance: CovarianceMode = .code, seed: UInt64 = 2) throws -> PromptBatch {
    var rng = CatalogueRandom(seed: seed, stream: 9)
    let sampler = try RegressionPromptSampler(
      featureDimension: 5, contextLength: 20, covariance: covariance, rng: &rng)
    return try PromptBatch.draw(count, from: sampler, rng: &rng)
  }

  private func randomModel(_ c: TransformerConfiguration, seed: UInt64) throws -> LinearTransformer {
    var rng = CatalogueRandom(seed: seed)
    return try LinearTransformer(configuration: c, initStd: 0.4, rng: &rng)
  }

  private func largestGap(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
  }

  /// Random non-symmetric preconditioners, 3 layers, 2 heads: the model and weight-space PGD agree to 1e-12.
  func testSparseTransformerIsPreconditionedGDForRandomPreconditioners() throws {
    let batch = try prompts(200)
    for seed in [UInt64(1), 2, 3] {
      let c = TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 3, heads: 2)
      let model = try randomModel(c, seed: seed)
      let report = try PreconditionerReport(model, covariance: nil)
      XCTAssertGreaterThan(report.preconditioners[2].frobeniusNorm, 0.5)
      let a = report.preconditioners[0]
      XCTAssertGreaterThan((a - a.transposed()).maxAbs, 0.1, "the test needs non-symmetric blocks")
      let gap = largestGap(try model.predictions(batch), report.preconditionedGDPredictions(batch))
      XCTAssertLessThan(gap, 1e-12)
      XCTAssertGreaterThan(abs(try model.predictions(batch)[0]), 1e-3)
    }
  }

  /// Parametrisation (b) with B = 0 is the same PGD with A_ℓ read as −Q's block; with B ≠ 0 it is not (the check can
  /// fail).
  func testValueKeyWithZeroValueBlocksIsPreconditionedGD() throws {
    let batch = try prompts(100)
    let c = TransformerConfiguration(
      featureDimension: 5, contextLength: 20, layers: 3, parametrisation: .valueKey)
    var model = try randomModel(c, seed: 5)
    let withB = try PreconditionerReport(model, covariance: nil)
    XCTAssertGreaterThan(largestGap(try model.predictions(batch), withB.preconditionedGDPredictions(batch)), 1e-3)
    for index in model.weights.tensors.indices where model.weights.tensors[index].name.hasPrefix("B.") {
      model.weights.tensors[index].values = model.weights.tensors[index].values.map { _ in 0 }
    }
    let report = try PreconditionerReport(model, covariance: nil)
    let stored = Matrix(rows: 5, cols: 5, elements: model.weights["A.1.0"]!.values)
    XCTAssertEqual((report.preconditioners[1] + stored).maxAbs, 0)
    XCTAssertLessThan(largestGap(try model.predictions(batch), report.preconditionedGDPredictions(batch)), 1e-12)
  }

  /// Σ⁻¹-PGD by whitening (icl-pgd) equals the transformer with A_ℓ = η·Σ⁻¹ (lt-pgd-construct) on the same prompts.
  func testWhitenedGDIsSigmaInversePreconditionedGD() throws {
    let batch = try prompts(300)
    var rng = CatalogueRandom(seed: 2, stream: 9)
    let sampler = try RegressionPromptSampler(featureDimension: 5, contextLength: 20, covariance: .code, rng: &rng)
    let sigma = sampler.covarianceMatrix
    let inverse = try Cholesky(sigma).inverse()
    let steps = [0.4, 0.9, 0.6]
    let model = try ConstructedTransformer.model(steps.map { inverse * $0 }, dimension: 5, contextLength: 20)
    let predictions = try model.predictions(batch)
    let transformer = TestLoss(
      squaredErrors: zip(predictions, batch.queryTargets).map { ($0 - $1) * ($0 - $1) })
    let whitened = try NormalEquations(PromptWhitening(covariance: sigma).apply(batch))
    let gd = whitened.losses(.gradientDescent(steps), steps: 3)[2]
    XCTAssertEqual(gd.mean, transformer.mean, accuracy: 1e-10 * transformer.mean)
    let unwhitened = try NormalEquations(batch).losses(.gradientDescent(steps), steps: 3)[2]
    XCTAssertGreaterThan(abs(unwhitened.mean - transformer.mean), 1e-3)
  }
}
