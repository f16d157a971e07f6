import XCTest

@testable import CatalogueHost
@testable import CatalogueLab

/// Each claim kind on runs assembled in memory: the verdict, the measured value and the margin text, and the
/// ways a claim fails without being checked (a failed run, a missing metric, a non-finite value).
final class ClaimCheckTests: XCTestCase {
  /// A run with a trace of `f` over iterations and the given ending.
  func run(seed: UInt64, f: [Double], termination: String = "max_iters", extra: [String: JSONValue] = [:])
    -> FinishedRun
  {
    var finals: [String: JSONValue] = ["f": .number(f.last)]
    for (key, value) in extra { finals[key] = value }
    let plugin: JSONValue = .object(["id": .string("org.test"), "version": .string("1.0.0"), "file": .string("/x")])
    let result: JSONValue = .object([
      "format_version": .integer(1), "catalogue_version": .string("0"), "abi_version": .string("1.0"),
      "algorithm": .object(["id": .string("gd"), "plugin": plugin, "parameters": .object([:])]),
      "problem": .object([
        "id": .string("p"), "kind": .string("objective"), "plugin": plugin, "parameters": .object([:]),
        "reference_values": .object([:]),
      ]),
      "seed": .unsigned(seed), "stopping": .object(["max_iters": .integer(Int64(f.count))]),
      "termination": .object(["reason": .string(termination), "message": .string("why")]),
      "final_metrics": .object(finals), "result_vectors": .object([:]), "trace_columns": .array([]),
      "oracle_counts": .object([:]), "iterations": .integer(Int64(f.count)), "trace_rows": .integer(Int64(f.count)),
      "wall_time_s": .double(0.5), "artifacts": .array([]), "run_folder": .string("/none"),
      "command_line": .array([]), "started_utc": .string(""), "hostname": .string(""), "environment": .object([:]),
    ])
    let trace = TraceTable(columns: ["iter", "f"], rows: f.enumerated().map { [Double($0.offset), $0.element] })
    let document = try! ResultDocument.decode(Array(result.compactText.utf8))
    return FinishedRun(folder: "/none", result: document, trace: trace, elapsed: f.map { _ in .nan })
  }

  func claim(
    _ kind: ClaimCheck.Kind, metric: String = "f", aggregate: Aggregate = .max, lower: Double = -.infinity,
    upper: Double, other: String? = nil
  ) -> ExperimentInfo.Claim {
    ExperimentInfo.Claim(
      id: "c", kind: kind.rawValue, statement: "s", run: "a", otherRun: other, metric: metric,
      aggregate: aggregate.rawValue, lower: lower, upper: upper, fullOnly: false)
  }

  func testRangeChecksTheAggregateAndSaysHowFarOff() {
    let runs = ["a": [run(seed: 1, f: [4, 2]), run(seed: 2, f: [4, 3])]]
    let holds = ClaimCheck.evaluate(claim(.range, lower: 1, upper: 3.5), runs: runs, expected: ["a": 2])
    XCTAssertTrue(holds.holds)
    XCTAssertEqual(holds.measured, 3)
    XCTAssertEqual(holds.margin, "holds, 2.0 above the lower bound 1 and 0.50 below the upper bound 3.5")
    XCTAssertEqual(holds.perSeed.map(\.value), [2, 3])
    let fails = ClaimCheck.evaluate(claim(.range, lower: 0, upper: 1e-6), runs: runs, expected: ["a": 2])
    XCTAssertFalse(fails.holds)
    XCTAssertEqual(fails.margin, "fails: above the upper bound 1e-06 by 3.00, a factor 3.00e+06")
    let mean = ClaimCheck.evaluate(
      claim(.range, aggregate: .mean, lower: 2.6, upper: 10), runs: runs, expected: ["a": 2])
    XCTAssertFalse(mean.holds)
    XCTAssertEqual(mean.measured, 2.5)
    XCTAssertEqual(mean.margin, "fails: below the lower bound 2.6 by 0.100, a factor 1.04")
    XCTAssertEqual(mean.check, "mean over seeds of final `f` of a ∈ [2.6, 10]")
  }

  func testRatioComparesTwoGroupsAggregatedSeparately() {
    let runs = [
      "a": [run(seed: 1, f: [1, 0.02]), run(seed: 2, f: [1, 0.04])],
      "b": [run(seed: 1, f: [1, 1]), run(seed: 2, f: [1, 2])],
    ]
    let holds = ClaimCheck.evaluate(claim(.atMostRatio, upper: 0.05, other: "b"), runs: runs, expected: [:])
    XCTAssertTrue(holds.holds)
    XCTAssertEqual(holds.measured ?? 0, 0.02, accuracy: 1e-15)
    XCTAssertEqual(holds.measuredText, "0.0200 (0.0400 / 2.00)")
    XCTAssertEqual(holds.margin, "holds, 2.5× below the allowed ratio")
    XCTAssertEqual(holds.perSeed.count, 4)
    let fails = ClaimCheck.evaluate(claim(.atMostRatio, upper: 0.005, other: "b"), runs: runs, expected: [:])
    XCTAssertFalse(fails.holds)
    XCTAssertEqual(fails.margin, "fails: 4.00× the allowed ratio")
  }

  func testSlopeFitsEachSeedOnLogLogAxes() {
    let decay = { (c: Double) in (0...50).map { $0 == 0 ? 7 : c / Double($0 * $0) } }
    let runs = ["a": [run(seed: 1, f: decay(1)), run(seed: 2, f: decay(3))]]
    let holds = ClaimCheck.evaluate(claim(.logLogSlope, lower: -2.1, upper: -1.9), runs: runs, expected: [:])
    XCTAssertTrue(holds.holds, holds.margin)
    XCTAssertEqual(holds.measured ?? 0, -2, accuracy: 1e-12)
    let fails = ClaimCheck.evaluate(claim(.logLogSlope, lower: -1.1, upper: -0.9), runs: runs, expected: [:])
    XCTAssertFalse(fails.holds)
    XCTAssertTrue(fails.margin.hasPrefix("fails: below the lower bound -1.1 by 0.900"), fails.margin)
  }

  func testReductionIsFinalOverInitialPerSeed() {
    let runs = ["a": [run(seed: 1, f: [10, 5, 1]), run(seed: 2, f: [4, 2])]]
    let holds = ClaimCheck.evaluate(claim(.reduction, upper: 0.5), runs: runs, expected: [:])
    XCTAssertTrue(holds.holds)
    XCTAssertEqual(holds.measured, 0.5)
    XCTAssertEqual(holds.perSeed.map(\.value), [0.1, 0.5])
    let fails = ClaimCheck.evaluate(claim(.reduction, aggregate: .min, upper: 0.01), runs: runs, expected: [:])
    XCTAssertFalse(fails.holds)
    XCTAssertEqual(fails.margin, "fails: 10.0× the allowed factor")
    let zero = ClaimCheck.evaluate(
      claim(.reduction, upper: 0.5), runs: ["a": [run(seed: 1, f: [0, 0])]], expected: [:])
    XCTAssertFalse(zero.holds)
    XCTAssertTrue(zero.margin.contains("the initial f is 0.0"), zero.margin)
  }

  func testClaimsOnRunsThatDidNotHappenNeverHold() {
    let good = run(seed: 1, f: [2, 1])
    let cases: [([String: [FinishedRun]], [String: Int], ExperimentInfo.Claim, String)] = [
      (
        ["a": [good, run(seed: 2, f: [2], termination: "failed")]], [:], claim(.range, upper: 9), "seed 2 ended failed"
      ),
      (["a": [good]], ["a": 3], claim(.range, upper: 9), "only 1 of 3 runs of a finished"),
      (["a": [good]], [:], claim(.range, metric: "g", upper: 9), "no trace column or result 'g' (has: f)"),
      (["a": [run(seed: 4, f: [2, .infinity])]], [:], claim(.range, upper: 9), "a seed 4 gives inf for f"),
      (["a": [good]], [:], claim(.reduction, metric: "g", upper: 9), "no trace column 'g'"),
      ([:], [:], claim(.range, upper: 9), "no run of a finished"),
    ]
    for (runs, expected, claim, message) in cases {
      let outcome = ClaimCheck.evaluate(claim, runs: runs, expected: expected)
      XCTAssertFalse(outcome.holds, message)
      XCTAssertNil(outcome.measured)
      XCTAssertTrue(outcome.margin.hasPrefix("not checked: "), outcome.margin)
      XCTAssertTrue(outcome.margin.contains(message), "\(outcome.margin) lacks \(message)")
    }
    var unknown = claim(.range, upper: 9)
    unknown.kind = 77
    let outcome = ClaimCheck.evaluate(unknown, runs: ["a": [good]], expected: [:])
    XCTAssertFalse(outcome.holds)
    XCTAssertTrue(outcome.margin.contains("unknown claim kind 77"))
  }

  func testAResultKeyServesAsAMetric() {
    let runs = ["a": [run(seed: 1, f: [2, 1], extra: ["test_error": .double(0.12)])]]
    let outcome = ClaimCheck.evaluate(claim(.range, metric: "test_error", upper: 0.2), runs: runs, expected: [:])
    XCTAssertTrue(outcome.holds)
    XCTAssertEqual(outcome.measured, 0.12)
  }
}
