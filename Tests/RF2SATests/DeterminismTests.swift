import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import RF2SA

/// Same seed, same trace (the brief's reproducibility rule): the drivers run twice with one seed give identical rows
/// and results, bit for bit; another algorithm seed changes a stochastic run.
final class DeterminismTests: XCTestCase {
  private func runRF2SA(
    _ instance: ProblemInstance, stochastic: Bool, seed: UInt64, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    try Fixtures.run(
      stochastic ? RF2SA.stochastic : RF2SA.algorithm, on: instance, seed: seed, iterations: 25, overrides)
  }

  private func assertIdentical(
    _ a: RunRecord, _ b: RunRecord, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(a.columns, b.columns, file: file, line: line)
    XCTAssertEqual(a.rows.count, b.rows.count, file: file, line: line)
    for (ra, rb) in zip(a.rows, b.rows) {
      XCTAssertEqual(ra.iteration, rb.iteration, file: file, line: line)
      XCTAssertEqual(ra.values.map(\.bitPattern), rb.values.map(\.bitPattern), file: file, line: line)
    }
    XCTAssertEqual(a.results.mapValues(\.bitPattern), b.results.mapValues(\.bitPattern), file: file, line: line)
    XCTAssertEqual(
      a.vectors.mapValues { $0.map(\.bitPattern) }, b.vectors.mapValues { $0.map(\.bitPattern) }, file: file, line: line
    )
  }

  func testSameSeedSameTrace() throws {
    let instance = try Fixtures.instance(StiefelSPDBilevel.family, ["reference_iters": .int(20)])
    for stochastic in [false, true] {
      assertIdentical(
        try runRF2SA(instance, stochastic: stochastic, seed: 4), try runRF2SA(instance, stochastic: stochastic, seed: 4)
      )
    }
    let rhgd = try (0..<2).map { _ in try Fixtures.run(RHGD.algorithm, on: instance, iterations: 10) }
    assertIdentical(rhgd[0], rhgd[1])
  }

  func testAnotherSeedChangesTheStochasticTrace() throws {
    let instance = try Fixtures.instance(StiefelSPDBilevel.family, ["reference_iters": .int(0)])
    let a = try runRF2SA(instance, stochastic: true, seed: 4)
    let b = try runRF2SA(instance, stochastic: true, seed: 5)
    XCTAssertEqual(a.rows[0].values, b.rows[0].values, "the start does not depend on the algorithm's stream")
    XCTAssertNotEqual(a.rows.last?.values, b.rows.last?.values)
    // The problem's instance comes from the problem stream: a new problem seed gives new data.
    let other = try Fixtures.instance(StiefelSPDBilevel.family, seed: 2, ["reference_iters": .int(0)])
    XCTAssertNotEqual(try runRF2SA(other, stochastic: false, seed: 4).rows[0].values, a.rows[0].values)
  }
}
