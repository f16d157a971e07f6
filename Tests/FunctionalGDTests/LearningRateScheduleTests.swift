import CatalogueSDK
import CatalogueSDKTesting
import LinearAttention
import XCTest

@testable import FunctionalGD

/// The unofficial figure1.py schedule (`LambdaLR`: linear warm-up over 10 % of the steps, then linear decay to 0) and
/// that training really uses it.
final class LearningRateScheduleTests: XCTestCase {
  /// Rates against the `LambdaLR` formula: t/warmup during warm-up (0 at the first step), then
  /// max(0, 1 − (t − warmup)/(horizon − warmup)), times the peak.
  func testWarmupLinearRates() {
    let schedule = LearningRateSchedule.warmupLinear(peak: 0.01, warmupSteps: 200, horizon: 2000)
    let expected: [(Int, Double)] = [
      (0, 0), (1, 0.01 / 200), (100, 0.005), (200, 0.01), (1100, 0.005), (1999, 0.01 / 1800), (2000, 0), (2500, 0),
    ]
    for (t, rate) in expected { XCTAssertEqual(schedule.rate(at: t), rate, accuracy: 1e-15, "t = \(t)") }
    let step = LearningRateSchedule.step(StepDecaySchedule(initial: 0.01, every: 1000, factor: 0.5))
    XCTAssertEqual(step.rate(at: 999), 0.01)
    XCTAssertEqual(step.rate(at: 1000), 0.005)
  }

  /// End to end: with one fixed batch (no resampling), a zero rate leaves the weights and so the batch loss
  /// unchanged. With horizon 4 and warm-up 0.25 (1 step), update 0 has rate 0 (rows 0 and 1 equal), updates 1–3 move
  /// the model, and from update 4 on the rate is 0 again (rows 4…9 equal); the step schedule moves it every step.
  func testTrainingFollowsTheSchedule() throws {
    let base: [String: ParameterValues.Value] = [
      "batch_size": .int(30), "resample_every": .int(100), "test_size": .int(20), "layers": .int(1),
    ]
    var annealed = base
    annealed["lr_schedule"] = .string("warmup-linear")
    annealed["lr_horizon"] = .int(4)
    annealed["lr_warmup"] = .real(0.25)
    let algorithm = KernelTransformerAlgorithm.algorithm
    let run = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 1, budget: 10, parameters: annealed, problemParameters: ["n": .int(4)])
    let loss = run.column("train_loss")
    XCTAssertEqual(loss.count, 10)
    XCTAssertEqual(loss[1], loss[0])
    for t in 2...4 { XCTAssertNotEqual(loss[t], loss[t - 1], "update \(t - 1) has a positive rate") }
    for t in 5..<10 { XCTAssertEqual(loss[t], loss[4], "update \(t - 1) is past the horizon") }
    let stepped = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 1, budget: 10, parameters: base, problemParameters: ["n": .int(4)])
    let steppedLoss = stepped.column("train_loss")
    XCTAssertEqual(steppedLoss[0], loss[0], "the same seed draws the same initial model and batch")
    for t in 1..<10 { XCTAssertNotEqual(steppedLoss[t], steppedLoss[t - 1]) }
  }
}
