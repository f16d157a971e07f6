import CatalogueSDK
import CatalogueSDKTesting
import LinearAttention
import SeededRandom
import XCTest

@testable import LinearAttentionDynamics

/// `lt-train` through the recording host: the real body, parameter reads, trace and artifacts.
final class LTTrainTests: XCTestCase {
  /// Small settings so a run takes a fraction of a second in a debug build: 2 layers on d = 2 (16 parameters), n = 5
  /// (which has a tabled learning rate).
  private let small: [String: ParameterValues.Value] = [
    "batch_size": .int(40), "test_size": .int(30), "eval_every": .int(3), "rmed_every": .int(4),
    "smoothness_steps": .int(6), "layers": .int(2),
  ]
  private let problem: [String: ParameterValues.Value] = [
    "covariance": .string("isotropic"), "n": .int(5), "d": .int(2),
  ]

  private func train(
    seed: UInt64 = 1, budget: Int = 9, _ overrides: [String: ParameterValues.Value] = [:],
    problem extra: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    try RecordingHost.run(
      DynamicsAlgorithms.ltTrain, on: RegressionPrompts.family, seed: seed, budget: budget,
      parameters: small.merging(overrides) { $1 }, problemParameters: problem.merging(extra) { $1 })
  }

  func testSameSeedSameTraceAndArtifacts() throws {
    let noise: [String: ParameterValues.Value] = ["noise_samples": .int(12), "noise_reference": .int(200)]
    let a = try train(noise)
    let b = try train(noise)
    let c = try train(seed: 2, noise)
    XCTAssertEqual(a.columns, ["train_loss", "test_loss", "ln_test_loss", "test_grad_norm", "r_med", "smoothness"])
    XCTAssertEqual(a.rows.count, 9)
    XCTAssertEqual(a.rows.map(\.values), b.rows.map(\.values))
    XCTAssertEqual(a.artifacts, b.artifacts)
    XCTAssertEqual(a.results, b.results)
    XCTAssertNotEqual(a.rows.map(\.values), c.rows.map(\.values))
    for name in ["r_med.csv", "smoothness.csv", "samples.csv", "samples_reference.csv"] {
      XCTAssertNotNil(a.artifacts[name], name)
    }
    XCTAssertEqual(a.vectors["r_med_steps"], [0, 4, 8])
    XCTAssertNotNil(a.results["smoothness_spearman"])
    XCTAssertNotNil(a.results["noise_tail_ratio"])
  }

  /// The noise measurement draws from its own stream: switching it on changes nothing in the training.
  func testMeasurementsDoNotPerturbTraining() throws {
    let plain = try train()
    let measured = try train(["noise_samples": .int(5), "noise_reference": .int(50)])
    XCTAssertEqual(plain.column("train_loss"), measured.column("train_loss"))
    let bare = try train(["rmed_every": .int(0), "smoothness_steps": .int(0)])
    XCTAssertEqual(bare.columns, ["train_loss", "test_loss", "ln_test_loss", "test_grad_norm"])
    XCTAssertEqual(bare.column("train_loss"), plain.column("train_loss"))
  }

  /// SGDM and Adam of one seed share the test batch, the initialisation and the batches, so R_med at step 0 and the
  /// first training loss agree exactly (the paper's ratio at iteration 0 is exactly 1), and the runs then differ.
  func testOptimisersShareInitialisation() throws {
    let adam = try train(["optimizer": .string("adam")])
    let sgdm = try train(["optimizer": .string("sgdm")])
    XCTAssertEqual(adam.results["r_med_0"], sgdm.results["r_med_0"])
    XCTAssertEqual(adam.column("train_loss").first, sgdm.column("train_loss").first)
    XCTAssertNotEqual(adam.column("train_loss").last, sgdm.column("train_loss").last)
    XCTAssertEqual(adam.results["learning_rate"], 0.005)
    XCTAssertEqual(sgdm.results["learning_rate"], 0.01)
  }

  /// Trace row t describes θ_t: its test loss and test gradient norm equal a direct evaluation of the initial model.
  func testFirstRowIsTheInitialModel() throws {
    let record = try train(budget: 2, ["layers": .int(3)], problem: ["d": .int(5)])
    var rng = CatalogueRandom(seed: 1, stream: CatalogueRandom.algorithmStream)
    let instance = try RecordingHost.makeInstance(
      RegressionPrompts.family, seed: 1, problem.merging(["d": .int(5)]) { $1 })
    let sampler = try instance.regressionTasks()
    let testSet = try PromptBatch.draw(30, from: sampler, rng: &rng)
    let model = try LinearTransformer(
      configuration: TransformerConfiguration(
        featureDimension: 5, contextLength: 5, layers: 3, parametrisation: .valueKey),
      initStd: 0.05, rng: &rng)
    let (loss, gradient) = try model.lossAndGradient(testSet)
    XCTAssertEqual(record.column("test_loss").first!, loss, accuracy: 1e-12 * loss)
    XCTAssertEqual(record.column("test_grad_norm").first!, gradient.norm, accuracy: 1e-12 * gradient.norm)
    XCTAssertEqual(model.weights.scalarCount, 150)
  }

  func testTabledDefaults() throws {
    func settings(_ optimizer: String, _ problem: [String: ParameterValues.Value]) throws -> DynamicsSettings {
      let instance = try RecordingHost.makeInstance(RegressionPrompts.family, seed: 1, problem)
      let values = ParameterValues(
        defaultsOf: DynamicsSettings.parameters(.linear), overriding: ["optimizer": .string(optimizer)])
      return try DynamicsSettings(values, sampler: try instance.regressionTasks())
    }
    let sphere: [String: ParameterValues.Value] = ["covariance": .string("isotropic"), "features": .string("sphere")]
    XCTAssertEqual(try settings("sgdm", sphere).learningRate, 5)
    XCTAssertEqual(try settings("adam", sphere).learningRate, 0.1)
    XCTAssertEqual(try settings("sgdm", sphere).clipNorm, 0.1)
    let gamma: [String: ParameterValues.Value] = ["covariance": .string("isotropic"), "features": .string("gamma")]
    XCTAssertEqual(try settings("sgdm", gamma).learningRate, 0.02)
    XCTAssertEqual(try settings("adam", gamma).clipNorm, 1)
    XCTAssertEqual(try settings("adam", ["covariance": .string("isotropic")]).learningRate, 0.02)
    XCTAssertEqual(DynamicsAlgorithms.ltTrain.defaultProblem, "icl-regression?covariance=isotropic;n=20")
    XCTAssertThrowsError(try settings("adam", ["covariance": .string("isotropic"), "n": .int(7)])) {
      XCTAssertTrue("\($0)".contains("learning_rate"), "\($0)")
    }
  }
}
