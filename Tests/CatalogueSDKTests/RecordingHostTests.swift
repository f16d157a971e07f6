import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

/// The recording host gives plugin tests the real run semantics: defaults and overrides, budgets, results,
/// counters, artifacts, errors and the host's seeding of problem and algorithm streams.
final class RecordingHostTests: XCTestCase {
  /// f(x) = ½‖x − c‖² with c drawn from the problem stream.
  struct Shifted: ObjectiveFunction {
    var center: [Double]
    var dimension: Int { center.count }
    func initialPoint() throws -> [Double] { Array(repeating: 0, count: dimension) }
    func value(_ x: [Double], samples: [Int]?) throws -> Double {
      zip(x, center).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
    func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
      (try value(x, samples: samples), zip(x, center).map { $0 - $1 })
    }
  }

  static let family = ProblemFamily(
    id: "shifted", name: "Shifted", summary: "½‖x − c‖²", kind: .objective,
    parameters: [.int("dim", default: 3, in: 1...10, help: "dimension")]
  ) { params, rng in
    let n = try params.int("dim")
    return ProblemInstance(.objective(Shifted(center: (0..<n).map { _ in rng.normal() })))
  }

  static let descent = Algorithm(
    id: "descent", name: "Descent", summary: "GD", provenance: .standard("closed-form test fixture"),
    accepts: [.objective],
    defaultProblem: "shifted", defaultMaxIterations: 100,
    parameters: [.real("step", default: 0.5, above: 0, help: "step")]
  ) { run in
    let f = try run.problem.objective()
    let step = try run.parameters.real("step")
    var x = try f.initialPoint()
    try run.declareTrace(["f", "noise"])
    var k = 0
    while true {
      let (value, g) = try f.gradient(x)
      if !run.report(iteration: k, [value, run.rng.normal()]) { break }
      for i in x.indices { x[i] -= step * g[i] }
      k += 1
      if value < 1e-30 {
        run.finish(.converged, "f below 1e-30")
        break
      }
    }
    run.count(.innerStep, 7)
    try run.result("f_final", try f.value(x))
    try run.result("x", vector: x)
    try run.writeArtifact("x.txt", bytes: Array("\(x.count)".utf8))
  }

  func testRecordsTraceResultsAndBudget() throws {
    let record = try RecordingHost.run(Self.descent, on: Self.family, seed: 4, budget: 5)
    XCTAssertEqual(record.columns, ["f", "noise"])
    XCTAssertEqual(record.rows.map { $0.iteration }, [0, 1, 2, 3, 4])
    // Step ½ halves the distance each iteration, so f falls by 4 exactly.
    let f = record.column("f")
    for k in 1..<f.count { XCTAssertEqual(f[k], f[k - 1] / 4, accuracy: 1e-15 * f[0]) }
    // The run stops when report answers "stop", before stepping again: the final point is row 4's.
    XCTAssertEqual(record.results["f_final"], f[4])
    XCTAssertEqual(record.vectors["x"]?.count, 3)
    XCTAssertEqual(record.artifacts["x.txt"], Array("3".utf8))
    XCTAssertEqual(record.oracleCounts[Run.Oracle.innerStep], 7)
    XCTAssertNil(record.finish)
  }

  func testOverridesAndFinish() throws {
    let record = try RecordingHost.run(
      Self.descent, on: Self.family, seed: 4, parameters: ["step": .real(1)], problemParameters: ["dim": .int(2)])
    // Step 1 lands on the centre: the second row has f = 0 and the method finishes itself.
    XCTAssertEqual(record.rows.count, 2)
    XCTAssertEqual(record.last("f"), 0)
    XCTAssertEqual(record.finish?.reason, .converged)
    XCTAssertEqual(record.vectors["x"]?.count, 2)
  }

  func testSeedsProblemAndAlgorithmStreamsLikeTheHost() throws {
    let a = try RecordingHost.run(Self.descent, on: Self.family, seed: 9, budget: 3)
    let b = try RecordingHost.run(Self.descent, on: Self.family, seed: 9, budget: 3)
    let c = try RecordingHost.run(Self.descent, on: Self.family, seed: 10, budget: 3)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertNotEqual(a.rows, c.rows)
    // Stream 2 of the seed drives the algorithm, stream 1 the problem.
    var algorithm = CatalogueRandom(seed: 9, stream: CatalogueRandom.algorithmStream)
    XCTAssertEqual(a.column("noise"), (0..<3).map { _ in algorithm.normal() })
    var problem = CatalogueRandom(seed: 9, stream: CatalogueRandom.problemStream)
    let center = (0..<3).map { _ in problem.normal() }
    XCTAssertEqual(a.column("f")[0], center.reduce(0) { $0 + 0.5 * $1 * $1 }, accuracy: 1e-15)
  }

  func testErrorsPropagateWithTheirMessage() {
    XCTAssertThrowsError(
      try RecordingHost.run(Self.descent, on: Self.family, parameters: ["step": .string("fast")])
    ) { error in
      XCTAssertTrue("\(error)".contains("step"), "\(error)")
    }
  }
}
