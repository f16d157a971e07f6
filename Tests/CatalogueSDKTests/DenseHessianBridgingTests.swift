import CCatalogue
import CatalogueSDKTesting
import XCTest

@testable import CatalogueSDK

/// g(x, y) = ½ Σⱼ (j + 1) yⱼ² + x·Σⱼ yⱼ on ℝ × ℝ³: ∇²_yy g = diag(1, 2, 3), with or without the dense form.
private struct Diagonal: BilevelProblem {
  let dense: Bool
  var dimensionX: Int { 1 }
  var dimensionY: Int { 3 }
  var hasLowerHessian: Bool { true }
  var hasLowerHessianMatrix: Bool { dense }
  func initialPoint() throws -> (x: [Double], y: [Double]) { ([0], [0, 0, 0]) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { 0 }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0], [0, 0, 0])
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { 0 }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([y.reduce(0, +)], (0..<3).map { Double($0 + 1) * y[$0] + x[0] })
  }
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    (0..<3).map { Double($0 + 1) * v[$0] }
  }
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { [v.reduce(0, +)] }
  func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws {
    guard dense else { throw PluginError(.unsupported, "no dense Hessian") }
    for i in out.indices { out[i] = 0 }
    for j in 0..<3 { out[j + 3 * j] = Double(j + 1) }
  }
}

/// ABI 1.2's dense lower-level Hessian across the ABI: exported only by problems that have it, read back
/// unchanged, and absent from a table that declares the 1.0/1.1 size even when the word there is set.
final class DenseHessianBridgingTests: XCTestCase {
  let host = HostServices(RecordingHost.table)

  private func exported(_ problem: any BilevelProblem) -> UnsafePointer<cat_problem> {
    ExportedProblem.export(ProblemInstance(.bilevel(problem)), host: host)
  }

  func testTheDenseHessianCrossesTheABIUnchanged() throws {
    let foreign = try ForeignProblem.wrap(exported(Diagonal(dense: true)), host: host).bilevel()
    XCTAssertTrue(foreign.hasLowerHessianMatrix)
    var h = [Double](repeating: -1, count: 9)
    try h.withUnsafeMutableBufferPointer { try foreign.lowerHessianYYMatrix([2], [1, 1, 1], into: $0) }
    XCTAssertEqual(h, [1, 0, 0, 0, 2, 0, 0, 0, 3])
  }

  func testAProblemWithoutItExportsNULL() throws {
    let table = exported(Diagonal(dense: false)).pointee.bilevel!.pointee
    XCTAssertNil(table.lower_hessian_yy_matrix)
    XCTAssertEqual(table.struct_size, CAT_BILEVEL_ORACLES_SIZE_1_2)
    let foreign = try ForeignProblem.wrap(exported(Diagonal(dense: false)), host: host).bilevel()
    XCTAssertFalse(foreign.hasLowerHessianMatrix)
    var h = [Double](repeating: 0, count: 9)
    XCTAssertThrowsError(
      try h.withUnsafeMutableBufferPointer { try foreign.lowerHessianYYMatrix([0], [0, 0, 0], into: $0) })
  }

  func testAnABIOnePointOneTableHasNoDenseHessian() throws {
    // The exported table with its struct_size lowered to the 1.0/1.1 size, the 1.2 word still set.
    var problem = exported(Diagonal(dense: true)).pointee
    var bilevel = problem.bilevel!.pointee
    XCTAssertNotNil(bilevel.lower_hessian_yy_matrix)
    bilevel.struct_size = CAT_BILEVEL_ORACLES_SIZE_1_0
    try withUnsafePointer(to: bilevel) { table in
      problem.bilevel = table
      try withUnsafePointer(to: problem) {
        let foreign = try ForeignProblem.wrap($0, host: host).bilevel()
        XCTAssertFalse(foreign.hasLowerHessianMatrix, "a 1.1 table's reserved word is not a dense Hessian")
        XCTAssertTrue(foreign.hasLowerHessian)
      }
    }
  }
}
