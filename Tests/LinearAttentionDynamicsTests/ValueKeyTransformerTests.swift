import CatalogueSDK
import CatalogueSDKTesting
import LinearAttention
import SeededRandom
import XCTest

@testable import LinearAttentionDynamics

/// The specialised (b) pass against the shared module's general one: same loss and gradient to round-off.
final class ValueKeyTransformerTests: XCTestCase {
  private func compare(d: Int, n: Int, layers: Int, initStd: Double, seed: UInt64) throws {
    var rng = CatalogueRandom(seed: seed, stream: 3)
    let instance = try RecordingHost.makeInstance(
      RegressionPrompts.family, seed: seed, ["covariance": .string("isotropic"), "n": .int(n), "d": .int(d)])
    let batch = try PromptBatch.draw(17, from: try instance.regressionTasks(), rng: &rng)
    let general = try LinearTransformer(
      configuration: TransformerConfiguration(
        featureDimension: d, contextLength: n, layers: layers, parametrisation: .valueKey),
      initStd: initStd, rng: &rng)
    let fast = try XCTUnwrap(ValueKeyTransformer(general))
    var workspace = TransformerWorkspace()
    let (loss, gradient) = try general.lossAndGradient(batch)
    let (fastLoss, fastGradient) = try fast.lossAndGradient(batch, workspace: &workspace)
    XCTAssertEqual(fastLoss, loss, accuracy: 1e-12 * loss)
    XCTAssertTrue(fastGradient.hasLayout(of: gradient))
    let scale = gradient.norm
    XCTAssertGreaterThan(scale, 0)
    for (x, y) in zip(fastGradient.flattened, gradient.flattened) {
      XCTAssertEqual(x, y, accuracy: 1e-11 * scale)
    }
    // The last layer's B never reaches the loss.
    XCTAssertEqual(fastGradient["B.\(layers - 1).0"]!.values, [Double](repeating: 0, count: d * d))
  }

  func testMatchesTheGeneralPass() throws {
    try compare(d: 5, n: 20, layers: 3, initStd: 0.3, seed: 1)
    try compare(d: 2, n: 3, layers: 4, initStd: 0.8, seed: 2)
    try compare(d: 3, n: 1, layers: 1, initStd: 0.5, seed: 3)
  }

  func testOnlyThePaperModelIsSpecialised() throws {
    func model(_ p: AttentionParametrisation, heads: Int = 1) throws -> LinearTransformer {
      var rng = CatalogueRandom(seed: 1, stream: 0)
      return try LinearTransformer(
        configuration: TransformerConfiguration(
          featureDimension: 2, contextLength: 3, layers: 2, heads: heads, parametrisation: p),
        initStd: 0.1, rng: &rng)
    }
    XCTAssertNotNil(ValueKeyTransformer(try model(.valueKey)))
    XCTAssertNil(ValueKeyTransformer(try model(.valueKey, heads: 2)))
    XCTAssertNil(ValueKeyTransformer(try model(.sparse)))
    XCTAssertNil(ValueKeyTransformer(try model(.unconstrained)))
  }
}
