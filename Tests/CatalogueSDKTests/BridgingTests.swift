import CCatalogue
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import CatalogueSDK

/// f(x) = Σ wᵢ (xᵢ − 1)² as a finite sum over coordinates, with a failure mode for error-path tests.
private struct WeightedSquares: ObjectiveFunction {
  let weights: [Double]
  var dimension: Int { weights.count }
  var sampleCount: Int { weights.count }
  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] { [Double](repeating: 0, count: dimension) }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    if x.contains(where: { $0.isNaN }) { throw PluginError(.numerical, "x contains NaN") }
    let set = samples ?? Array(0..<dimension)
    return set.reduce(0) { $0 + weights[$1] * (x[$1] - 1) * (x[$1] - 1) } / Double(set.count)
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    let set = samples ?? Array(0..<dimension)
    var g = [Double](repeating: 0, count: dimension)
    for i in set { g[i] += 2 * weights[i] * (x[i] - 1) / Double(set.count) }
    return (try value(x, samples: samples), g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    (0..<dimension).map { 2 * weights[$0] * v[$0] / Double(dimension) }
  }
}

/// The unit circle in ℝ², enough geometry to check that every table entry crosses the ABI intact.
private struct Circle: Geometry {
  var name: String { "circle" }
  var pointSize: Int { 2 }
  var dimension: Int { 1 }
  var hasExp: Bool { true }
  var hasLog: Bool { false }
  var hasDistance: Bool { true }
  func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double { u[0] * v[0] + u[1] * v[1] }
  func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    let t = u[0] * x[0] + u[1] * x[1]
    return [u[0] - t * x[0], u[1] - t * x[1]]
  }
  func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] { try project(x, egrad) }
  func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let y = [x[0] + v[0], x[1] + v[1]]
    let r = (y[0] * y[0] + y[1] * y[1]).squareRoot()
    return [y[0] / r, y[1] / r]
  }
  func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let t = (v[0] * v[0] + v[1] * v[1]).squareRoot()
    guard t > 0 else { return x }
    let (c, s) = (Self.cos(t), Self.sin(t))
    return [c * x[0] + s * v[0] / t, c * x[1] + s * v[1] / t]
  }
  func log(_ x: [Double], _ y: [Double]) throws -> [Double] { throw PluginError(.unsupported, "no log") }
  func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] { try project(y, u) }
  func distance(_ x: [Double], _ y: [Double]) throws -> Double { 42 }
  func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] { rng.unitVector(2) }
  func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    let z = rng.normal()
    return [-x[1] * z, x[0] * z]
  }
  func manifoldError(_ x: [Double]) throws -> Double { abs((x[0] * x[0] + x[1] * x[1]).squareRoot() - 1) }

  // Taylor-free cos/sin via the stdlib-free identity is overkill here; small angles suffice for the test.
  static func cos(_ t: Double) -> Double { 1 - t * t / 2 + t * t * t * t / 24 - t * t * t * t * t * t / 720 }
  static func sin(_ t: Double) -> Double { t - t * t * t / 6 + t * t * t * t * t / 120 }
}

private struct OnCircle: ObjectiveFunction {
  var dimension: Int { 2 }
  var geometry: (any Geometry)? { Circle() }
  func initialPoint() throws -> [Double] { [1, 0] }
  func value(_ x: [Double], samples: [Int]?) throws -> Double { x[0] }
  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) { (x[0], [1, 0]) }
}

final class BridgingTests: XCTestCase {
  let host = HostServices(RecordingHost.table)

  private func roundTrip(_ instance: ProblemInstance) throws -> (ProblemInstance, UnsafePointer<cat_problem>) {
    let exported = ExportedProblem.export(instance, host: host)
    return (try ForeignProblem.wrap(exported, host: host), exported)
  }

  func testObjectiveOraclesCrossTheABIUnchanged() throws {
    let problem = WeightedSquares(weights: [1, 2, 3])
    let (wrapped, raw) = try roundTrip(
      ProblemInstance(
        .objective(problem), references: [("f_star", 0)], metricNames: ["sum"],
        metrics: { x in [x.reduce(0, +)] }))
    defer { raw.pointee.destroy(raw.pointee.ctx) }
    let f = try wrapped.objective()
    XCTAssertEqual(f.dimension, 3)
    XCTAssertEqual(f.sampleCount, 3)
    XCTAssertTrue(f.hasHessianVector)
    XCTAssertFalse(f.hasProjection)
    XCTAssertNil(f.geometry)
    let x = [0.5, -1, 2]
    XCTAssertEqual(try f.value(x), try problem.value(x, samples: nil))
    XCTAssertEqual(try f.value(x, samples: [2, 0]), try problem.value(x, samples: [2, 0]))
    let (v, g) = try f.gradient(x, samples: [1])
    let expected = try problem.gradient(x, samples: [1])
    XCTAssertEqual(v, expected.value)
    XCTAssertEqual(g, expected.gradient)
    XCTAssertEqual(try f.hessianVector(x, [1, 1, 1]), try problem.hessianVector(x, [1, 1, 1]))
    XCTAssertEqual(wrapped.reference("f_star"), 0)
    XCTAssertEqual(wrapped.metricNames, ["sum"])
    XCTAssertEqual(try wrapped.metrics?(x), [1.5])
  }

  func testErrorsCrossTheABIWithTheirMessage() throws {
    let (wrapped, raw) = try roundTrip(ProblemInstance(.objective(WeightedSquares(weights: [1]))))
    defer { raw.pointee.destroy(raw.pointee.ctx) }
    let f = try wrapped.objective()
    XCTAssertThrowsError(try f.value([.nan])) { error in
      guard let foreign = error as? ForeignCallError else { return XCTFail("wrong error \(error)") }
      XCTAssertEqual(foreign.status, PluginError.Code.numerical.rawValue)
      XCTAssertEqual(foreign.message, "x contains NaN")
    }
    XCTAssertThrowsError(try f.project([0])) { error in
      XCTAssertEqual((error as? PluginError)?.code, .unsupported)
    }
  }

  func testGeometryTableCrossesTheABI() throws {
    let (wrapped, raw) = try roundTrip(ProblemInstance(.objective(OnCircle())))
    defer { raw.pointee.destroy(raw.pointee.ctx) }
    let geometry = try XCTUnwrap(try wrapped.objective().geometry)
    XCTAssertEqual(geometry.name, "circle")
    XCTAssertEqual(geometry.pointSize, 2)
    XCTAssertEqual(geometry.dimension, 1)
    XCTAssertTrue(geometry.hasExp)
    XCTAssertFalse(geometry.hasLog)
    let x = [0.6, 0.8]
    XCTAssertEqual(try geometry.project(x, [1, 0]), try Circle().project(x, [1, 0]))
    XCTAssertEqual(try geometry.riemannianGradient(x, euclidean: [0, 1]), try Circle().project(x, [0, 1]))
    XCTAssertEqual(try geometry.retract(x, [0.1, 0]), try Circle().retract(x, [0.1, 0]))
    XCTAssertEqual(try geometry.inner(x, [1, 2], [3, 4]), 11)
    XCTAssertEqual(try geometry.distance(x, x), 42)
    XCTAssertEqual(try geometry.manifoldError([2, 0]), 1)
    XCTAssertThrowsError(try geometry.log(x, x))
    // The generator state goes through the table and comes back advanced exactly as a direct call would.
    var viaTable = CatalogueRandom(seed: 5)
    var direct = CatalogueRandom(seed: 5)
    XCTAssertEqual(try geometry.tangentGaussian(x, &viaTable), try Circle().tangentGaussian(x, &direct))
    XCTAssertEqual(viaTable, direct)
  }

  func testParameterDescriptorsCarryKindsBoundsAndFlags() {
    let step = Parameter.real("step_size", default: 0.1, above: 0, logScale: true, help: "η").descriptor()
    XCTAssertEqual(step.pointee.kind, UInt32(CAT_PARAM_REAL))
    XCTAssertEqual(step.pointee.default_real, 0.1)
    XCTAssertEqual(step.pointee.min_real, 0)
    XCTAssertEqual(step.pointee.max_real, .infinity)
    XCTAssertEqual(
      step.pointee.flags, UInt32(CAT_PARAM_FLAG_MIN_EXCLUSIVE) | UInt32(CAT_PARAM_FLAG_LOG_SCALE))
    XCTAssertEqual(String(cString: step.pointee.id), "step_size")

    let choice = Parameter.choice("mode", default: "b", choices: ["a", "b"], help: "m").descriptor()
    XCTAssertEqual(choice.pointee.kind, UInt32(CAT_PARAM_CHOICE))
    XCTAssertEqual(choice.pointee.choice_count, 2)
    XCTAssertEqual(String(cString: choice.pointee.choices[1]!), "b")
    XCTAssertEqual(String(cString: choice.pointee.default_string), "b")

    let count = Parameter.int("dim", default: 5, in: 1...10, help: "n").descriptor()
    XCTAssertEqual(count.pointee.kind, UInt32(CAT_PARAM_INT))
    XCTAssertEqual(count.pointee.min_int, 1)
    XCTAssertEqual(count.pointee.max_int, 10)
    XCTAssertEqual(count.pointee.default_int, 5)
  }

  func testEntryDeclinesAnotherMajorAndNamesBothVersions() {
    let plugin = Plugin(id: "org.example.test", name: "Test", version: "0.1.0", summary: "test")
    RecordingHost.lastError = ""
    XCTAssertNil(Plugin.entry(2, 0, RecordingHost.table, plugin.descriptor()))
    XCTAssertTrue(RecordingHost.lastError.contains("\(CAT_ABI_MAJOR).\(CAT_ABI_MINOR)"), RecordingHost.lastError)
    XCTAssertTrue(RecordingHost.lastError.contains("2.0"), RecordingHost.lastError)
    let accepted = Plugin.entry(1, UInt32(CAT_ABI_MINOR), RecordingHost.table, plugin.descriptor())
    XCTAssertEqual(accepted.map { String(cString: $0.pointee.id) }, "org.example.test")
    XCTAssertEqual(accepted?.pointee.struct_size, UInt32(MemoryLayout<cat_plugin>.size))
  }
}
