import CatalogueHost
import XCTest

@testable import CatalogueLab

/// The numbers behind comparison tables, bands and claims: known sample statistics, exact least-squares fits,
/// seed lists, number formats and `-p` routing.
final class ComparisonStatisticsTests: XCTestCase {
  func testSampleStatisticsOfAKnownSample() {
    let statistics = SampleStatistics([9, 2, 4, 4, 5, 4, 5, 7, .nan, .infinity])
    XCTAssertEqual(statistics.count, 8)
    XCTAssertEqual(statistics.nonFiniteCount, 2)
    XCTAssertEqual(statistics.mean, 5)
    // Σ(x − 5)² = 32 over n − 1 = 7.
    XCTAssertEqual(statistics.standardDeviation, (32.0 / 7).squareRoot(), accuracy: 1e-15)
    XCTAssertEqual(statistics.median, 4.5)
    XCTAssertEqual(statistics.minimum, 2)
    XCTAssertEqual(statistics.maximum, 9)
    // Type-7 quantiles: position p(n − 1) between order statistics 2, 4, 4, 4, 5, 5, 7, 9.
    XCTAssertEqual(statistics.quantile(0.25), 4)
    XCTAssertEqual(statistics.quantile(0.75), 5.5)
    XCTAssertEqual(SampleStatistics([1, 2, 3, 4, 5]).quantile(0.25), 2)
    XCTAssertEqual(SampleStatistics([3]).standardDeviation, 0)
    XCTAssertTrue(SampleStatistics([]).mean.isNaN)
    XCTAssertEqual(Aggregate.max.apply(statistics), 9)
    XCTAssertEqual(Aggregate.min.apply(statistics), 2)
    XCTAssertEqual(Aggregate.median.apply(statistics), 4.5)
    XCTAssertEqual(Aggregate.mean.apply(statistics), 5)
  }

  func testLeastSquaresRecoversExactLinesAndPowerLaws() throws {
    let line = try XCTUnwrap(LeastSquaresLine(x: [1, 2, 3, 4], y: [1, -1, -3, -5]))
    XCTAssertEqual(line.slope, -2, accuracy: 1e-14)
    XCTAssertEqual(line.intercept, 3, accuracy: 1e-14)
    XCTAssertNil(LeastSquaresLine(x: [1], y: [2]))
    XCTAssertNil(LeastSquaresLine(x: [2, 2, 2], y: [1, 2, 3]))
    // 5 k^(−3/2): iteration 0 and the non-positive value are left out, the slope is exact.
    let iterations = (0...200).map(Double.init)
    var values = iterations.map { 5 * pow($0, -1.5) }
    values[7] = 0
    let fit = try XCTUnwrap(LeastSquaresLine.logLog(iterations: iterations, values: values))
    XCTAssertEqual(fit.slope, -1.5, accuracy: 1e-12)
    XCTAssertEqual(fit.count, 199)
    // Large x: centring keeps the digits the one-pass formula would lose.
    let far = try XCTUnwrap(LeastSquaresLine(x: [1e9, 1e9 + 1, 1e9 + 2], y: [0, 0.5, 1]))
    XCTAssertEqual(far.slope, 0.5, accuracy: 1e-9)
  }

  func testSeedLists() throws {
    // N is 0..N-1: the first seed is `catalogue run`'s default seed 0.
    XCTAssertEqual(try SeedList(parsing: "5").seeds, [0, 1, 2, 3, 4])
    XCTAssertEqual(try SeedList(parsing: "3..6").seeds, [3, 4, 5, 6])
    XCTAssertEqual(try SeedList(parsing: "0..0").seeds, [0])
    XCTAssertEqual(try SeedList(parsing: "3..6").description, "3..6")
    for bad in ["0", "-2", "x", "6..3", "1...3", "1..", "..4", "1..2..3", "1..200000"] {
      XCTAssertThrowsError(try SeedList(parsing: bad), bad) { error in
        XCTAssertEqual((error as? CatalogueError)?.exitCode, 2)
        XCTAssertTrue((error as? CatalogueError)?.message.contains("--seeds") ?? false)
      }
    }
  }

  func testSignificantFiguresAndTallies() {
    XCTAssertEqual(StatisticText.significant(33705, digits: 2), "3.4e+04")
    XCTAssertEqual(StatisticText.significant(160.4, digits: 2), "160")
    XCTAssertEqual(StatisticText.significant(0.0014107, digits: 3), "0.00141")
    XCTAssertEqual(StatisticText.significant(6.25048e-15, digits: 3), "6.25e-15")
    XCTAssertEqual(StatisticText.significant(9.996e-5, digits: 3), "1.00e-04")
    XCTAssertEqual(StatisticText.significant(0.99999, digits: 4), "1.000")
    XCTAssertEqual(StatisticText.significant(-0.0099996, digits: 2), "-0.010")
    XCTAssertEqual(StatisticText.meanStd(SampleStatistics([1e-6, 3e-6])), "2.000e-06 ± 1.4e-06")
    XCTAssertEqual(StatisticText.meanStd(SampleStatistics([2])), "2.000")
    XCTAssertEqual(StatisticText.count(SampleStatistics([1001, 1001])), "1001")
    XCTAssertEqual(StatisticText.count(SampleStatistics([40, 12, 30])), "30 (12–40)")
    let tally = StatisticText.tally(["max_iters", "converged", "max_iters", "failed"])
    XCTAssertEqual(tally, "max_iters ×2, converged ×1, failed ×1")
  }

  func testParameterRoutingSendsEachAssignmentWhereItBelongs() throws {
    let real = { (id: String) in ParameterSpec(id: id, kind: .real, defaultValue: .real(0.1)) }
    let gd = ParameterRouting.Target(label: "gd", owner: ParameterOwner(label: "gd", specs: [real("step_size")]))
    let adam = ParameterRouting.Target(
      label: "adam", owner: ParameterOwner(label: "adam", specs: [real("learning_rate"), real("beta1")]))
    let problem = ParameterOwner(label: "problem quadratic", specs: [real("condition"), real("beta1")])
    let routed = try ParameterRouting.route(
      ["step_size=0.5", "adam.learning_rate=0.01", "condition=10", "problem.beta1=0.3", "algorithm.step_size=0.5"],
      targets: [gd, adam], problem: problem)
    XCTAssertEqual(
      routed[0], ["algorithm.step_size=0.5", "problem.condition=10", "problem.beta1=0.3", "algorithm.step_size=0.5"])
    XCTAssertEqual(routed[1], ["algorithm.learning_rate=0.01", "problem.condition=10", "problem.beta1=0.3"])
    let failures: [(String, String)] = [
      ("nosuch=1", "no compared algorithm nor the problem has a parameter 'nosuch'"),
      ("beta1=0.5", "ambiguous"),
      ("sam.rho=1", "'sam' is not a compared algorithm (gd, adam)"),
      ("algorithm.nosuch=1", "none of the compared algorithms (gd, adam) has a parameter 'nosuch'"),
      ("step_size", "is not key=value"),
      ("gd.=3", "empty key"),
    ]
    for (text, expected) in failures {
      XCTAssertThrowsError(try ParameterRouting.route([text], targets: [gd, adam], problem: problem), text) { error in
        let message = (error as? CatalogueError)?.message ?? ""
        XCTAssertTrue(message.contains(expected), "\(text): \(message)")
      }
    }
  }

  func testTraceTablesReadBackWhatTheHostWrites() {
    let table = TraceTable(parsing: "iter,f,g\n0,1.5,inf\n1,nan,-2e-05\n\n2,0.25\n")
    XCTAssertEqual(table.columns, ["iter", "f", "g"])
    XCTAssertEqual(table.rows.count, 3)
    XCTAssertEqual(table.column("f")?[0], 1.5)
    XCTAssertTrue(table.column("f")?[1].isNaN ?? false)
    XCTAssertEqual(table.column("g")?[0], .infinity)
    XCTAssertEqual(table.column("g")?[1], -2e-05)
    XCTAssertTrue(table.column("g")?[2].isNaN ?? false, "a row cut short is padded with nan")
    XCTAssertNil(table.column("h"))
  }
}
