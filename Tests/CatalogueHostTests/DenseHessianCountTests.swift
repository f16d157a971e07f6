import CCatalogue
import XCTest

@testable import CatalogueHost

/// The counting interposer and ABI 1.2's dense lower-level Hessian: one call counts as the dim_y Hessian-vector
/// products it replaces, and a bilevel table built against ABI 1.0/1.1 (its smaller struct_size) is still accepted,
/// the new field reading as absent whatever the word there holds.
final class DenseHessianCountTests: XCTestCase {
  private static let dimY: UInt64 = 7

  /// A bilevel table whose Hessian entries write the identity (dense) or copy v (products).
  private func table(structSize: UInt32) -> cat_bilevel_oracles {
    var t = cat_bilevel_oracles()
    t.struct_size = structSize
    t.dim_x = 2
    t.dim_y = Self.dimY
    t.initial_point = { _, _, _ in 0 }
    t.upper_value = { _, _, _, _, _, f in
      f?.pointee = 0
      return 0
    }
    t.upper_gradient = { _, _, _, _, _, _, _ in 0 }
    t.lower_value = { _, _, _, _, _, g in
      g?.pointee = 0
      return 0
    }
    t.lower_gradient = { _, _, _, _, _, _, _ in 0 }
    t.lower_hessian_yy = { _, _, _, v, out in
      out?.update(from: v!, count: Int(DenseHessianCountTests.dimY))
      return 0
    }
    t.lower_hessian_xy = { _, _, _, _, out in
      out?.update(repeating: 0, count: 2)
      return 0
    }
    t.lower_hessian_yy_matrix = { _, _, _, out in
      let n = Int(DenseHessianCountTests.dimY)
      out?.update(repeating: 0, count: n * n)
      for i in 0..<n { out?[i + i * n] = 1 }
      return 0
    }
    return t
  }

  private func interposer(_ bilevel: cat_bilevel_oracles) throws -> OracleInterposer {
    var problem = cat_problem()
    problem.struct_size = UInt32(MemoryLayout<cat_problem>.size)
    problem.kind = UInt32(CAT_KIND_BILEVEL)
    let copied = try withUnsafePointer(to: bilevel) {
      try DescriptorReader.copy(UnsafeRawPointer($0), as: cat_bilevel_oracles.self, what: "table")
    }
    return OracleInterposer(
      original: problem, objective: nil, bilevel: copied, sampling: nil, regression: nil, graphs: nil)
  }

  func testABIOnePointTwoSizesArePinned() {
    XCTAssertGreaterThanOrEqual(CatalogueVersion.abiMinor, 2, "the dense Hessian is ABI 1.2")
    XCTAssertEqual(MemoryLayout<cat_bilevel_oracles>.size, Int(CAT_BILEVEL_ORACLES_SIZE_1_2))
    XCTAssertEqual(CAT_BILEVEL_ORACLES_SIZE_1_0, 200)
    XCTAssertEqual(CAT_BILEVEL_ORACLES_SIZE_1_2, 208)
    // The 1.2 field starts where the 1.0 reserved block started.
    XCTAssertEqual(
      MemoryLayout<cat_bilevel_oracles>.offset(of: \.lower_hessian_yy_matrix)! + 64, Int(CAT_BILEVEL_ORACLES_SIZE_1_0))
    XCTAssertEqual(ABIStructSizes.oneZero(cat_bilevel_oracles.self), 200)
  }

  func testOneDenseHessianCountsDimYProducts() throws {
    let interposer = try interposer(table(structSize: UInt32(MemoryLayout<cat_bilevel_oracles>.size)))
    let run = RunContext(algorithmID: "test", stopping: StoppingCriteria(maxIters: 1), sink: RunRecorder())
    interposer.run = run
    defer { interposer.run = nil }
    let wrapped = interposer.wrapped.pointee.bilevel!.pointee
    let ctx = interposer.wrapped.pointee.ctx
    let n = Int(Self.dimY)
    var x = [0.0, 0.0]
    var y = [Double](repeating: 0, count: n)
    var h = [Double](repeating: -1, count: n * n)
    XCTAssertEqual(wrapped.lower_hessian_yy_matrix!(ctx, &x, &y, &h), 0)
    XCTAssertEqual(run.counters.hessianVector, Self.dimY, "one dense Hessian = dim_y products")
    XCTAssertEqual(h[0], 1)
    XCTAssertEqual(h[n], 0)
    XCTAssertEqual(h[n * n - 1], 1)
    // The per-vector products still count one each.
    var v = [Double](repeating: 1, count: n)
    var out = [Double](repeating: 0, count: n)
    XCTAssertEqual(wrapped.lower_hessian_yy!(ctx, &x, &y, &v, &out), 0)
    XCTAssertEqual(run.counters.hessianVector, Self.dimY + 1)
  }

  func testAnABIOnePointOneTableIsAcceptedWithoutTheDenseHessian() throws {
    // A plugin built against 1.0 or 1.1 declares the smaller size; the word after it is not its table.
    let old = table(structSize: CAT_BILEVEL_ORACLES_SIZE_1_0)
    let interposer = try interposer(old)
    let wrapped = interposer.wrapped.pointee.bilevel!.pointee
    XCTAssertNotNil(wrapped.lower_hessian_yy)
    XCTAssertNil(wrapped.lower_hessian_yy_matrix, "a field past a 1.1 struct_size reads as absent")
    XCTAssertEqual(wrapped.struct_size, UInt32(MemoryLayout<cat_bilevel_oracles>.size))
    // Even when the plugin's own copy has the word set (the interposer is given the whole struct here).
    let direct = OracleInterposer(
      original: cat_problem(), objective: nil, bilevel: old, sampling: nil, regression: nil, graphs: nil)
    XCTAssertNil(direct.wrapped.pointee.bilevel!.pointee.lower_hessian_yy_matrix)
    // Smaller than 1.0 is still refused.
    XCTAssertThrowsError(try self.interposer(table(structSize: CAT_BILEVEL_ORACLES_SIZE_1_0 - 8)))
  }
}
