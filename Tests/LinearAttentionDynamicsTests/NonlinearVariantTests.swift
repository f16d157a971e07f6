import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import LinearAttentionDynamics

/// The non-linear variant: its data, its model's gradient (through the learned MLP and the input adjoint of the
/// transformer) and `lt-train-mlp` through the recording host.
final class NonlinearVariantTests: XCTestCase {
  /// Every entry of the analytic gradient (attention, W₁, b₁, W₂, b₂) against central differences of the loss.
  func testFeatureMapTransformerGradientMatchesFiniteDifferences() throws {
    var rng = CatalogueRandom(seed: 4)
    let problem = try RecordingHost.makeInstance(
      RandomFeatureRegression.family, seed: 1, ["d": .int(2), "n": .int(3), "hidden": .int(3)])
    let batch = try PromptBatch.draw(4, from: try problem.regressionTasks(), rng: &rng)
    let model = try FeatureMapTransformer(
      featureDimension: 2, contextLength: 3, layers: 2, hidden: 4, initStd: 0.4, rng: &rng)
    var loss = BatchLoss(model: model, batch: batch)
    let theta = model.weights.flattened
    XCTAssertEqual(theta.count, 2 * 2 * 9 + (4 * 2 + 4 + 2 * 4 + 2))
    let gradient = try loss.lossAndGradient(at: theta).gradient
    let h = 1e-6
    var checked = 0
    for j in theta.indices {
      var probe = theta
      probe[j] += h
      let plus = try loss.lossAndGradient(at: probe).loss
      probe[j] -= 2 * h
      let minus = try loss.lossAndGradient(at: probe).loss
      let numeric = (plus - minus) / (2 * h)
      XCTAssertEqual(gradient[j], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "parameter \(j)")
      if abs(numeric) > 1e-4 { checked += 1 }
    }
    XCTAssertGreaterThan(checked, theta.count / 2)
  }

  /// The notebook's model has 551 parameters: 3 layers × (P, Q) of 6×6 and the 5 → 30 → 5 MLP.
  func testDefaultModelHas551Parameters() throws {
    var rng = CatalogueRandom(seed: 1)
    let model = try FeatureMapTransformer(
      featureDimension: 5, contextLength: 20, layers: 3, hidden: 30, initStd: 0.1, rng: &rng)
    XCTAssertEqual(model.weights.scalarCount, 551)
  }

  /// The prompt holds the raw x; labels are ⟨w, φ(x)⟩ with the fixed map of the problem's own seed.
  func testRandomFeatureDataHoldsRawCovariates() throws {
    let a = try RecordingHost.makeInstance(RandomFeatureRegression.family, seed: 1)
    let b = try RecordingHost.makeInstance(RandomFeatureRegression.family, seed: 2)
    let samplerA = try XCTUnwrap(try a.regressionTasks() as? RandomFeatureRegression)
    let samplerB = try XCTUnwrap(try b.regressionTasks() as? RandomFeatureRegression)
    XCTAssertEqual(samplerA.featureMap, samplerB.featureMap, "the map depends on mlp_seed only")
    var rng = CatalogueRandom(seed: 9)
    let batch = try samplerA.sample(batch: 3, rng: &rng)
    var replay = CatalogueRandom(seed: 9)
    let w = replay.normals(5)
    let x = replay.normals(5 * 21)
    XCTAssertEqual(Array(batch.features[0..<(5 * 21)]), x)
    let phi = samplerA.featureMap.forward(Matrix(rows: 5, cols: 21, elements: x)).output
    for j in 0..<21 {
      let y = (0..<5).reduce(0.0) { $0 + w[$1] * phi[$1, j] }
      XCTAssertEqual(batch.targets[j], y, accuracy: 1e-12)
    }
  }

  func testLTTrainMLPRunsAndIsReproducible() throws {
    let parameters: [String: ParameterValues.Value] = [
      "batch_size": .int(20), "test_size": .int(20), "rmed_every": .int(3), "eval_every": .int(2),
      "layers": .int(2), "mlp_hidden": .int(4),
    ]
    let problem: [String: ParameterValues.Value] = ["n": .int(5), "d": .int(2)]
    let a = try RecordingHost.run(
      DynamicsAlgorithms.ltTrainMLP, on: RandomFeatureRegression.family, seed: 1, budget: 4,
      parameters: parameters, problemParameters: problem)
    let b = try RecordingHost.run(
      DynamicsAlgorithms.ltTrainMLP, on: RandomFeatureRegression.family, seed: 1, budget: 4,
      parameters: parameters, problemParameters: problem)
    XCTAssertEqual(a.rows.map(\.values), b.rows.map(\.values))
    XCTAssertEqual(a.results["learning_rate"], 0.01)
    // 2 layers × (P, Q) of 3×3, then W₁ 4×2, b₁ 4, W₂ 2×4, b₂ 2 (551 at the default d = 5, 3 layers, width 30).
    XCTAssertEqual(a.vectors["weights"]?.count, 36 + 22)
    XCTAssertEqual(a.vectors["r_med_steps"], [0, 3])
  }
}
