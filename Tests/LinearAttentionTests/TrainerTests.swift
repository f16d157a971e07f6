import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import SeededRandom
import XCTest

@testable import LinearAttention

/// The lockstep training loop run through the recording host: reproducible per seed, stops at the budget, and
/// actually learns.
final class TrainerTests: XCTestCase {
  private func train(seed: UInt64, budget: Int, options: TrainingOptions, depths: [Int], memory: MemoryKind = .none)
    throws -> (RunRecord, LockstepTrainer)
  {
    var problemRng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    let sampler = try RegressionPromptSampler(featureDimension: 5, contextLength: 20, rng: &problemRng)
    var trainer: LockstepTrainer?
    // The budget counts rows; iterations 0...budget are `budget + 1` rows.
    let record = try RecordingHost.record(
      on: RecordingHost.makeInstance(RegressionPrompts.family, seed: seed), seed: seed, budget: budget + 1
    ) { run in
      let testSet = try PromptBatch.draw(options.testSize, from: sampler, rng: &run.rng)
      let models = try depths.map {
        try LinearTransformer(
          configuration: TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: $0, memory: memory),
          initStd: options.initStd, rng: &run.rng)
      }
      var lockstep = LockstepTrainer(models: models, labels: depths.map { "l\($0)" }, options: options)
      try lockstep.train(run: run, sampler: sampler, testSet: testSet)
      try lockstep.recordResults(run)
      trainer = lockstep
    }
    return (record, try XCTUnwrap(trainer))
  }

  private var small: TrainingOptions {
    var o = TrainingOptions()
    o.batchSize = 40
    o.resampleEvery = 3
    o.testSize = 60
    o.evalEvery = 4
    return o
  }

  func testSameSeedSameTrace() throws {
    let (a, _) = try train(seed: 4, budget: 12, options: small, depths: [1, 2], memory: .conjugate(learnStep: false))
    let (b, _) = try train(seed: 4, budget: 12, options: small, depths: [1, 2], memory: .conjugate(learnStep: false))
    let (c, _) = try train(seed: 5, budget: 12, options: small, depths: [1, 2], memory: .conjugate(learnStep: false))
    XCTAssertEqual(
      a.columns,
      [
        "train_loss_l1", "test_loss_l1", "ln_test_loss_l1", "train_loss_l2", "test_loss_l2",
        "ln_test_loss_l2",
      ])
    XCTAssertEqual(a.rows.map(\.values), b.rows.map(\.values))
    XCTAssertEqual(a.results, b.results)
    XCTAssertNotEqual(a.rows.map(\.values), c.rows.map(\.values))
  }

  func testBudgetEndsTrainingAndRowsDescribeCurrentWeights() throws {
    let (channel, trainer) = try train(seed: 6, budget: 7, options: small, depths: [2])
    XCTAssertEqual(channel.rows.map(\.iteration), Array(0...7))
    XCTAssertEqual(trainer.steps, 7)
    // Test columns refresh every eval_every = 4 steps; the final results are at the weights after 7 steps.
    let test = channel.column("test_loss_l2")
    XCTAssertEqual(test[5], test[4])
    XCTAssertNotEqual(test[4], test[3])
    XCTAssertEqual(channel.results["test_loss_l2"], trainer.testLosses[0].mean)
    XCTAssertNotEqual(channel.results["test_loss_l2"], test[7])
  }

  /// 150 Adam steps take a 2-layer CG Memformer from the zero predictor (ln 5 ≈ 1.6) below the best single GD step
  /// (ln 0.816, common-incontext-regression.md §9.2).
  func testTrainingLearns() throws {
    var options = TrainingOptions()
    options.batchSize = 200
    options.testSize = 1000
    options.evalEvery = 50
    let (channel, _) = try train(
      seed: 7, budget: 150, options: options, depths: [2], memory: .conjugate(learnStep: false))
    let initial = channel.column("ln_test_loss_l2")[0]
    XCTAssertEqual(initial, log(5), accuracy: 0.15)
    XCTAssertLessThan(try XCTUnwrap(channel.results["ln_test_loss_l2"]), 0.8)
  }
}
