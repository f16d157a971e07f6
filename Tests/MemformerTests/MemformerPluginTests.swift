import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import Memformer

/// The plugin's algorithms and problem run host-free through the recording host: the same code path as inside
/// the host, with the host's budget imitated.
final class MemformerPluginTests: XCTestCase {
  private func problem(seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try RegressionPrompts.family.make(
      ParameterValues(defaultsOf: RegressionPrompts.parameters, overriding: overrides), &rng)
  }

  /// Small training settings so a run takes a fraction of a second in a debug build.
  private let small: [String: ParameterValues.Value] = [
    "batch_size": .int(30), "test_size": .int(50), "eval_every": .int(5), "resample_every": .int(4),
    "layers": .int(2),
  ]

  private func train(
    _ algorithm: Algorithm, memory: MemoryKind, seed: UInt64 = 3, budget: Int = 12,
    _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    let instance = try problem(seed: seed)
    let sampler = try instance.regressionTasks()
    let values = ParameterValues(defaultsOf: algorithm.parameters, overriding: small.merging(overrides) { $1 })
    let job = try TransformerJob(algorithm: algorithm.id, parameters: values, sampler: sampler, memory: memory)
    // The budget counts rows; iterations 0...budget are `budget + 1` rows.
    return try RecordingHost.record(on: instance, seed: seed, budget: budget + 1, parameters: values) { run in
      try job.execute(run, sampler: sampler)
    }
  }

  func testProblemDefaultsAndReferences() throws {
    let instance = try problem()
    let sampler = try XCTUnwrap(try instance.regressionTasks() as? RegressionPromptSampler)
    XCTAssertEqual(sampler.featureDimension, 5)
    XCTAssertEqual(sampler.contextLength, 20)
    XCTAssertEqual(sampler.covarianceMode, .code)
    XCTAssertEqual(sampler.taskPrior, .inverseCovariance)
    XCTAssertEqual(instance.reference("zero_predictor_loss"), 5)
    XCTAssertNil(instance.reference("one_layer_optimal_loss"))
    let theorem = try problem(["task_prior": .string("identity")])
    XCTAssertEqual(try XCTUnwrap(theorem.reference("one_layer_optimal_loss")), 0.6818, accuracy: 5e-5)
    XCTAssertThrowsError(try problem(["d": .int(3)])) {
      XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument)
    }
  }

  /// Defaults are the official settings (memformer.md §2.5) except the decay and resampling intervals, which are
  /// sized for a 3000-step run (docs/plugins/memformer.md measures both): a fresh batch every step and the learning
  /// rate halved every 1000 steps, where the code redraws every 100 steps and halves every 4000.
  func testDefaultsAreTheOfficialSettingsExceptTheScheduleSizedFor3000Steps() throws {
    let values = ParameterValues(defaultsOf: TransformerAlgorithms.memformerCG.parameters)
    let options = try TrainingOptions(values)
    XCTAssertEqual(options.batchSize, 1000)
    XCTAssertEqual(options.resampleEvery, 1)
    XCTAssertEqual(TrainingOptions().resampleEvery, 100)
    XCTAssertEqual(options.optimizer, .adam)
    XCTAssertEqual(options.schedule, StepDecaySchedule(initial: 0.01, every: 1000, factor: 0.5))
    XCTAssertEqual(options.beta1, 0.99)
    XCTAssertEqual(options.beta2, 0.9)
    XCTAssertEqual(options.clipping, .perTensor(0.01))
    XCTAssertEqual(options.initStd, 1e-4)
    let job = try TransformerJob(
      algorithm: "memformer-cg", parameters: values, sampler: try problem().regressionTasks(),
      memory: .conjugate(learnStep: false))
    XCTAssertEqual(job.depths, [1, 2, 3, 4])
    XCTAssertEqual(job.configuration.parametrisation, .sparse)
    XCTAssertEqual(job.configuration.blocks, .full)
    XCTAssertEqual(TransformerAlgorithms.memformerCG.defaultProblem, RegressionPrompts.id)
  }

  /// `protocol=official` restores the code's schedule (redraw every 100 steps, halve every 4000) and overrides the
  /// two interval parameters; the other options stay as given.
  func testOfficialProtocolIsTheCodesSchedule() throws {
    for algorithm in [
      TransformerAlgorithms.memformerCG, TransformerAlgorithms.memformerLFOM, TransformerAlgorithms.linearTransformer,
    ] {
      let values = ParameterValues(
        defaultsOf: algorithm.parameters,
        overriding: ["protocol": .string("official"), "resample_every": .int(7), "learning_rate": .real(0.02)])
      let job = try TransformerJob(
        algorithm: algorithm.id, parameters: values, sampler: try problem().regressionTasks(), memory: .none)
      XCTAssertEqual(job.options.resampleEvery, 100, algorithm.id)
      XCTAssertEqual(job.options.schedule, StepDecaySchedule(initial: 0.02, every: 4000, factor: 0.5), algorithm.id)
      XCTAssertEqual(job.options.batchSize, 1000, algorithm.id)
      let official = TrainingOptions()
      XCTAssertEqual(job.options.resampleEvery, official.resampleEvery)
      XCTAssertEqual(job.options.schedule.every, official.schedule.every)
    }
  }

  func testSameSeedSameTraceAndWeights() throws {
    let a = try train(TransformerAlgorithms.memformerCG, memory: .conjugate(learnStep: false))
    let b = try train(TransformerAlgorithms.memformerCG, memory: .conjugate(learnStep: false))
    let c = try train(TransformerAlgorithms.memformerCG, memory: .conjugate(learnStep: false), seed: 4)
    XCTAssertEqual(a.rows.count, 13)
    XCTAssertEqual(a.rows.map(\.values), b.rows.map(\.values))
    XCTAssertEqual(a.results, b.results)
    XCTAssertEqual(a.artifacts["weights.txt"], b.artifacts["weights.txt"])
    XCTAssertNotEqual(a.rows.map(\.values), c.rows.map(\.values))
    XCTAssertEqual(a.results["steps"], 12)
    XCTAssertEqual(a.vectors["gamma_l2"]?.count, 1)
  }

  /// A later run with `weights=` evaluates the saved models on the same test set (same seed) and reproduces the
  /// training run's final test losses exactly.
  func testSavedWeightsReproduceTheTestLoss() throws {
    let trained = try train(
      TransformerAlgorithms.memformerLFOM, memory: .lfom(indexing: .code, shape: .scalar), budget: 9,
      ["gate_shape": .string("scalar")])
    let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    let path = "\(folder)/memformer-tests-\(getpid())-weights.txt"
    let bytes = try XCTUnwrap(trained.artifacts["weights.txt"])
    let file = try XCTUnwrap(fopen(path, "wb"))
    XCTAssertEqual(bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }, bytes.count)
    fclose(file)
    defer { unlink(path) }
    let evaluated = try train(
      TransformerAlgorithms.memformerLFOM, memory: .lfom(indexing: .code, shape: .scalar),
      ["gate_shape": .string("scalar"), "weights": .string(path)])
    XCTAssertEqual(evaluated.rows.count, 1)
    XCTAssertEqual(evaluated.columns, ["test_loss_l1", "ln_test_loss_l1", "test_loss_l2", "ln_test_loss_l2"])
    for key in ["test_loss_l1", "test_loss_l2"] { XCTAssertEqual(evaluated.results[key], trained.results[key]) }
    XCTAssertNotNil(evaluated.finish)
    XCTAssertTrue(evaluated.warnings.isEmpty)
    // Another seed draws another rotation: the run warns that it evaluates out of distribution.
    let elsewhere = try train(
      TransformerAlgorithms.memformerLFOM, memory: .lfom(indexing: .code, shape: .scalar), seed: 8,
      ["gate_shape": .string("scalar"), "weights": .string(path)])
    XCTAssertEqual(elsewhere.warnings.count, 1)
    XCTAssertThrowsError(try train(TransformerAlgorithms.linearTransformer, memory: .none, ["weights": .string(path)]))
  }

  /// Baselines draw the same test set first, so their step-0 row is the zero predictor on the transformers' test set.
  func testBaselinesUseTheSameTestPromptsAndReferenceValues() throws {
    let instance = try problem(seed: 5)
    let overrides: [String: ParameterValues.Value] = ["test_size": .int(8000), "tune_size": .int(3000)]
    let channel = try RecordingHost.run(PromptBaselines.cg, on: instance, seed: 5, parameters: overrides)
    var rng = CatalogueRandom(seed: 5, stream: CatalogueRandom.algorithmStream)
    let testSet = try PromptBatch.draw(8000, from: try instance.regressionTasks(), rng: &rng)
    let zero = testSet.queryTargets.reduce(0) { $0 + $1 * $1 } / 8000
    XCTAssertEqual(channel.rows.map(\.iteration), [0, 1, 2, 3, 4])
    XCTAssertEqual(channel.rows[0].values[0], zero, accuracy: 1e-12 * zero)
    XCTAssertNotNil(channel.finish)
    for (k, reference) in [0.695, 0.154, -0.617, -1.604].enumerated() {
      let se = try XCTUnwrap(channel.results["test_loss_se_l\(k + 1)"]) / channel.results["test_loss_l\(k + 1)"]!
      XCTAssertEqual(try XCTUnwrap(channel.results["ln_test_loss_l\(k + 1)"]), reference, accuracy: 0.03 + 4 * se)
    }
    let gd = try RecordingHost.run(
      PromptBaselines.gd, on: instance, seed: 5,
      parameters: overrides.merging(["tuning": .string("per-step"), "steps": .int(3), "tune_size": .int(1500)]) { $1 })
    XCTAssertEqual(gd.vectors["step_sizes_l3"]?.count, 3)
    // Per-step sizes beat the best constant step (reference 0.334 after 3 steps; per-step optimum 0.164).
    XCTAssertLessThan(gd.results["ln_test_loss_l3"]!, 0.3)
    for method in ["heavy-ball", "nesterov"] {
      let algorithm = method == "nesterov" ? PromptBaselines.nesterov : PromptBaselines.heavyBall
      let momentum = try RecordingHost.run(algorithm, on: instance, seed: 5, parameters: overrides)
      XCTAssertLessThan(momentum.results["ln_test_loss_l4"]!, momentum.results["ln_test_loss_l1"]!)
      XCTAssertEqual(momentum.rows[0].values, channel.rows[0].values)
    }
  }

  /// Every experiment names algorithms of this plugin and claims on its own run groups.
  func testExperimentsAreWellFormed() throws {
    let ids = Set(memformer.algorithms.map(\.id))
    XCTAssertFalse(MemformerExperiments.all.isEmpty)
    for experiment in MemformerExperiments.all {
      let labels = Set(experiment.runs.map(\.label))
      XCTAssertEqual(labels.count, experiment.runs.count)
      for group in experiment.runs { XCTAssertTrue(ids.contains(group.algorithm), group.algorithm) }
      for claim in experiment.claims {
        XCTAssertTrue(labels.contains(claim.run), claim.id)
        if case .atMostRatio(let other, _) = claim.check { XCTAssertTrue(labels.contains(other), claim.id) }
      }
    }
  }
}

extension RunRecord {
  /// The warning lines of the run's log.
  fileprivate var warnings: [String] {
    logs.filter { $0.level == Run.LogLevel.warning.rawValue }.map(\.message)
  }
}
