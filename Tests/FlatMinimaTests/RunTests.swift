import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import FlatMinima

/// The algorithms' whole bodies through a recording host: columns, target stopping, results, the Hutchinson column
/// for other plugins' problems, the host budget and reproducibility.
final class RunTests: XCTestCase {
  private let fast: [String: ParameterValues.Value] = [
    "step_size": .real(0.01), "gd_step_size": .real(0.01), "rho": .real(0.3), "steps": .int(3000),
  ]

  func testColumnsTargetAndResults() throws {
    let problem = try TestSupport.instance(Hyperbola.family)
    var overrides = fast
    overrides["target"] = .real(2)
    let record = try RecordingHost.run(
      SharpnessAwarePerturbation.algorithm, on: problem, seed: 1, parameters: overrides)
    XCTAssertEqual(
      record.columns,
      ["f", "grad_norm", "f_gap", "trace_norm", "flat_residual", "dist_min_set", "dist_flat", "perturbed", "phase"])
    let last = try XCTUnwrap(record.rows.last)
    XCTAssertLessThanOrEqual(last.values[3], 2)
    XCTAssertGreaterThan(try XCTUnwrap(record.rows.dropLast().last).values[3], 2)
    XCTAssertEqual(record.results["iters_to_target"], Double(last.iteration))
    XCTAssertEqual(record.results["target_reached"], 1)
    XCTAssertEqual(record.finish?.reason, Termination.converged)
    XCTAssertEqual(record.rows.first?.values[3], 8.03125)
    XCTAssertEqual(record.vectors["x"], record.vectors["x_last"])
    // f_max is the largest f over the reported rows.
    XCTAssertEqual(record.results["f_max"], record.rows.map { $0.values[0] }.max())
    XCTAssertTrue(record.counting)
  }

  func testHutchinsonColumnForProblemsWithoutATraceMetric() throws {
    // A bare objective (no metrics): the algorithm adds a Hutchinson trace_norm. On the hyperbola at (4, 0.25),
    // H = [[1/16, 1], [1, 16]], so each probe gives 16.0625 ± 2 and 10 probes stay within ±2 of the trace.
    let bare = ProblemInstance(.objective(SquaredLoss(model: Hyperbola(start: [4, 0.25]), name: "bare")))
    let record = try RecordingHost.run(
      RandomlySmoothed.algorithm, on: bare, seed: 2, parameters: ["steps": .int(3), "rho": .real(0)])
    XCTAssertEqual(record.columns, ["f", "grad_norm", "trace_norm", "perturbed", "phase"])
    let estimate = record.rows[0].values[2]
    XCTAssertEqual(estimate, 8.03125, accuracy: 1.0001)
    // Fixed probes: the metric is a deterministic function of x, equal at the (unmoved) GD iterates.
    XCTAssertEqual(record.rows[1].values[2], estimate)
    let none = try RecordingHost.run(
      RandomlySmoothed.algorithm, on: bare, seed: 2, parameters: ["steps": .int(3), "hutchinson_probes": .int(0)])
    XCTAssertEqual(none.columns, ["f", "grad_norm", "perturbed", "phase"])
  }

  func testHostBudgetStopsWithoutFinishing() throws {
    let problem = try TestSupport.instance(Hyperbola.family)
    let record = try RecordingHost.run(
      SharpnessAwarePerturbation.algorithm, on: problem, seed: 1, budget: 10, parameters: fast)
    XCTAssertEqual(record.rows.count, 10)
    XCTAssertEqual(record.rows.map(\.iteration), Array(0..<10))
    XCTAssertNil(record.finish)
    XCTAssertNotNil(record.vectors["x"])
  }

  func testSameSeedSameRows() throws {
    let problem = try TestSupport.instance(ScalarChain.family, ["depth": .int(4)])
    var overrides = fast
    overrides["steps"] = .int(200)
    // RS ends with its schedule; SA's finishing gradient descent (on by default) reaches its tolerance.
    let cases = [
      (RandomlySmoothed.algorithm, Termination.completed), (SharpnessAwarePerturbation.algorithm, .converged),
    ]
    for (algorithm, ending) in cases {
      let a = try RecordingHost.run(algorithm, on: problem, seed: 3, parameters: overrides)
      let aRows = a.rows.map(\.values)
      let b = try RecordingHost.run(algorithm, on: problem, seed: 3, parameters: overrides)
      XCTAssertEqual(aRows, b.rows.map(\.values))
      let c = try RecordingHost.run(algorithm, on: problem, seed: 4, parameters: overrides)
      XCTAssertNotEqual(aRows.last, c.rows.last?.values)
      XCTAssertEqual(b.finish?.reason, ending)
    }
  }

  func testBadParametersAreRejectedWithTheFix() throws {
    let chain = try TestSupport.instance(ScalarChain.family)
    XCTAssertThrowsError(
      try RecordingHost.run(
        SharpnessAwarePerturbation.algorithm, on: chain, seed: 1, parameters: ["batch_size": .int(2)])
    ) { XCTAssertTrue("\($0)".contains("batch_size=2 exceeds")) }
    XCTAssertThrowsError(
      try RecordingHost.run(
        RandomlySmoothed.algorithm, on: chain, seed: 1,
        parameters: ["target": .real(1), "target_metric": .string("nope")])
    ) { XCTAssertTrue("\($0)".contains("target_metric=nope")) }
  }
}
