import CCatalogue
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import CatalogueSDK

/// Which parts the problem was asked for, call by call (the problem is a value, so the log is a reference).
private final class PartsLog: @unchecked Sendable {
  var asked: [GradientParts] = []
}

/// f = x·y + y², g = x²y + y²/2 on ℝ × ℝ: ∇ₓf = y, ∇_y f = x + 2y, ∇ₓg = 2xy, ∇_y g = x² + y.
private struct Recorded: BilevelProblem {
  let log: PartsLog
  var dimensionX: Int { 1 }
  var dimensionY: Int { 1 }
  func initialPoint() throws -> (x: [Double], y: [Double]) { ([1], [1]) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { x[0] * y[0] + y[0] * y[0] }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try upperGradient(x, y, samples: samples, parts: .both)
  }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    log.asked.append(parts)
    return (parts.contains(.x) ? [y[0]] : [], parts.contains(.y) ? [x[0] + 2 * y[0]] : [])
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    x[0] * x[0] * y[0] + y[0] * y[0] / 2
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try lowerGradient(x, y, samples: samples, parts: .both)
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    log.asked.append(parts)
    return (parts.contains(.x) ? [2 * x[0] * y[0]] : [], parts.contains(.y) ? [x[0] * x[0] + y[0]] : [])
  }
}

/// The same objectives without the `parts` entry points: the SDK's default computes both.
private struct Plain: BilevelProblem {
  var dimensionX: Int { 1 }
  var dimensionY: Int { 1 }
  func initialPoint() throws -> (x: [Double], y: [Double]) { ([1], [1]) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { x[0] * y[0] + y[0] * y[0] }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([y[0]], [x[0] + 2 * y[0]])
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    x[0] * x[0] * y[0] + y[0] * y[0] / 2
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([2 * x[0] * y[0]], [x[0] * x[0] + y[0]])
  }
}

/// A partial gradient asked for across the ABI reaches the exporting problem as that part alone (the other output
/// pointer is NULL), and comes back with the right values; problems without the entry point answer as before.
final class GradientPartsTests: XCTestCase {
  let host = HostServices(RecordingHost.table)

  private func wrap(_ problem: any BilevelProblem) throws -> any BilevelProblem {
    try ForeignProblem.wrap(ExportedProblem.export(ProblemInstance(.bilevel(problem)), host: host), host: host)
      .bilevel()
  }

  func testOnlyTheRequestedPartIsComputedAndReturned() throws {
    let log = PartsLog()
    let foreign = try wrap(Recorded(log: log))
    let (x, y) = ([3.0], [2.0])
    let lowerX = try foreign.lowerGradient(x, y, samples: nil, parts: .x)
    XCTAssertEqual(lowerX.x, [12])
    XCTAssertEqual(lowerX.y, [])
    let lowerY = try foreign.lowerGradient(x, y, samples: nil, parts: .y)
    XCTAssertEqual(lowerY.x, [])
    XCTAssertEqual(lowerY.y, [11])
    let upperY = try foreign.upperGradient(x, y, samples: nil, parts: .y)
    XCTAssertEqual(upperY.y, [7])
    let both = try foreign.lowerGradient(x, y, samples: nil)
    XCTAssertEqual(both.x, [12])
    XCTAssertEqual(both.y, [11])
    XCTAssertEqual(log.asked, [.x, .y, .y, .both])
  }

  func testAProblemWithoutPartsStillAnswersEachPart() throws {
    let foreign = try wrap(Plain())
    let (x, y) = ([3.0], [2.0])
    XCTAssertEqual(try foreign.upperGradient(x, y, samples: nil, parts: .x).x, [2])
    XCTAssertEqual(try foreign.upperGradient(x, y, samples: nil, parts: .y).y, [7])
    XCTAssertEqual(try foreign.lowerGradient(x, y, samples: nil, parts: .x).x, [12])
    XCTAssertEqual(try foreign.lowerGradient(x, y, samples: nil, parts: .y).y, [11])
  }
}
