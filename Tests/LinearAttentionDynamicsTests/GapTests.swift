import CatalogueSDK
import CatalogueSDKTesting
import LinearAttention
import XCTest

@testable import LinearAttentionDynamics

/// `lt-gap`: both optimisers in one run must be exactly the two `lt-train` runs of the same seed.
final class GapTests: XCTestCase {
  private let shared: [String: ParameterValues.Value] = [
    "batch_size": .int(40), "test_size": .int(30), "eval_every": .int(3), "layers": .int(2),
  ]
  private let problem: [String: ParameterValues.Value] = [
    "covariance": .string("isotropic"), "n": .int(5), "d": .int(2),
  ]

  private func gap(seed: UInt64 = 1, _ extra: [String: ParameterValues.Value] = [:]) throws -> RunRecord {
    try RecordingHost.run(
      DynamicsAlgorithms.ltGap, on: RegressionPrompts.family, seed: seed, budget: 7,
      parameters: shared.merging(extra) { $1 }, problemParameters: problem)
  }

  private func train(_ optimizer: String) throws -> RunRecord {
    let off: [String: ParameterValues.Value] = [
      "optimizer": .string(optimizer), "rmed_every": .int(0), "smoothness_steps": .int(0),
    ]
    return try RecordingHost.run(
      DynamicsAlgorithms.ltTrain, on: RegressionPrompts.family, seed: 1, budget: 7,
      parameters: shared.merging(off) { $1 }, problemParameters: problem)
  }

  func testEachModelIsTheLTTrainRunOfThatOptimiser() throws {
    let both = try gap()
    let adam = try train("adam")
    let sgdm = try train("sgdm")
    XCTAssertEqual(both.columns, ["train_loss_adam", "train_loss_sgdm", "test_loss_adam", "test_loss_sgdm", "ln_gap"])
    XCTAssertEqual(both.column("train_loss_adam"), adam.column("train_loss"))
    XCTAssertEqual(both.column("train_loss_sgdm"), sgdm.column("train_loss"))
    XCTAssertEqual(both.column("test_loss_sgdm"), sgdm.column("test_loss"))
    XCTAssertEqual(both.results["test_loss_adam"], adam.results["test_loss"])
    XCTAssertEqual(both.results["test_loss_sgdm"], sgdm.results["test_loss"])
    let ratio = try XCTUnwrap(adam.results["test_loss"]) / XCTUnwrap(sgdm.results["test_loss"])
    XCTAssertEqual(both.results["adam_sgdm_ratio"], ratio)
    XCTAssertNotEqual(ratio, 1)
    for (row, value) in zip(both.rows, both.column("ln_gap")) {
      XCTAssertEqual(value, log(row.values[2] / row.values[3]))
    }
  }

  func testSameSeedSameTraceAndRateOverride() throws {
    XCTAssertEqual(try gap().rows.map(\.values), try gap().rows.map(\.values))
    XCTAssertNotEqual(try gap().rows.map(\.values), try gap(seed: 2).rows.map(\.values))
    let slower = try gap(["sgdm_learning_rate": .real(0.001)])
    XCTAssertEqual(slower.column("train_loss_adam"), try gap().column("train_loss_adam"))
    XCTAssertNotEqual(slower.column("train_loss_sgdm"), try gap().column("train_loss_sgdm"))
  }
}
