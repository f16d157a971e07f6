import CCatalogue
import XCTest

@testable import CatalogueHost

/// The counting interposer and ABI 1.1's batched sampling oracles: a batch of m points counts as m calls, and a
/// table built against ABI 1.0 (its 1.0 struct_size) is still accepted, its newer fields reading as absent.
final class BatchedOracleCountTests: XCTestCase {
  /// A sampling table whose oracles only write zeros; counting is the host's business.
  private func table(structSize: UInt32) -> cat_sampling_oracles {
    var t = cat_sampling_oracles()
    t.struct_size = structSize
    t.dim = 3
    t.sample_count = 10
    t.potential = { _, _, _, _, h in
      h?.pointee = 0
      return 0
    }
    t.potential_gradient = { _, _, _, _, _, grad in
      grad?.update(repeating: 0, count: 3)
      return 0
    }
    t.potential_batch = { _, m, _, _, _, h in
      h?.update(repeating: 0, count: Int(m))
      return 0
    }
    t.potential_gradient_batch = { _, m, _, _, _, _, grad in
      grad?.update(repeating: 0, count: 3 * Int(m))
      return 0
    }
    return t
  }

  private func interposer(_ sampling: cat_sampling_oracles) throws -> OracleInterposer {
    var problem = cat_problem()
    problem.struct_size = UInt32(MemoryLayout<cat_problem>.size)
    problem.kind = UInt32(CAT_KIND_SAMPLING)
    let copied = try withUnsafePointer(to: sampling) {
      try DescriptorReader.copy(UnsafeRawPointer($0), as: cat_sampling_oracles.self, what: "table")
    }
    return OracleInterposer(
      original: problem, objective: nil, bilevel: nil, sampling: copied, regression: nil, graphs: nil)
  }

  func testABIOnePointOneSizesArePinned() {
    XCTAssertEqual(CatalogueVersion.abiMajor, 1)
    XCTAssertGreaterThanOrEqual(CatalogueVersion.abiMinor, 1, "the batched entries are ABI 1.1")
    XCTAssertEqual(MemoryLayout<cat_geometry>.size, Int(CAT_GEOMETRY_SIZE_1_1))
    XCTAssertEqual(MemoryLayout<cat_sampling_oracles>.size, Int(CAT_SAMPLING_ORACLES_SIZE_1_1))
    XCTAssertEqual(CAT_GEOMETRY_SIZE_1_0, 192)
    XCTAssertEqual(CAT_SAMPLING_ORACLES_SIZE_1_0, 152)
    // The 1.1 fields start where the 1.0 reserved block started.
    XCTAssertEqual(MemoryLayout<cat_geometry>.offset(of: \.project_batch)! + 64, Int(CAT_GEOMETRY_SIZE_1_0))
    XCTAssertEqual(
      MemoryLayout<cat_sampling_oracles>.offset(of: \.potential_batch)! + 64, Int(CAT_SAMPLING_ORACLES_SIZE_1_0))
    XCTAssertEqual(ABIStructSizes.oneZero(cat_geometry.self), 192)
    XCTAssertEqual(ABIStructSizes.oneZero(cat_sampling_oracles.self), 152)
    XCTAssertEqual(ABIStructSizes.oneZero(cat_problem.self), MemoryLayout<cat_problem>.size)
  }

  func testABatchOfMPointsCountsMCalls() throws {
    let interposer = try interposer(table(structSize: UInt32(MemoryLayout<cat_sampling_oracles>.size)))
    let run = RunContext(algorithmID: "test", stopping: StoppingCriteria(maxIters: 1), sink: RunRecorder())
    interposer.run = run
    defer { interposer.run = nil }
    let wrapped = interposer.wrapped.pointee.sampling!.pointee
    let ctx = interposer.wrapped.pointee.ctx
    var x = [Double](repeating: 0, count: 3 * 7)
    var h = [Double](repeating: 0, count: 7)
    var grad = [Double](repeating: 0, count: 3 * 7)
    XCTAssertEqual(wrapped.potential_gradient_batch!(ctx, 7, &x, nil, 0, &h, &grad), 0)
    XCTAssertEqual(run.counters.gradient, 7)
    var samples = [UInt64](repeating: 1, count: 7 * 3)
    XCTAssertEqual(wrapped.potential_gradient_batch!(ctx, 7, &x, &samples, 3, nil, &grad), 0)
    XCTAssertEqual(run.counters.sampleGradient, 21, "7 points × 3 terms")
    XCTAssertEqual(wrapped.potential_batch!(ctx, 4, &x, nil, 0, &h), 0)
    XCTAssertEqual(run.counters.value, 4)
    // The per-point oracles still count one each.
    XCTAssertEqual(wrapped.potential_gradient!(ctx, &x, nil, 0, nil, &grad), 0)
    XCTAssertEqual(run.counters.gradient, 8)
  }

  func testAnABIOnePointZeroTableIsAcceptedWithoutBatchedOracles() throws {
    // A plugin built against 1.0 declares the 1.0 size; whatever lies beyond it is not its table.
    let old = table(structSize: CAT_SAMPLING_ORACLES_SIZE_1_0)
    let interposer = try interposer(old)
    let wrapped = interposer.wrapped.pointee.sampling!.pointee
    XCTAssertNotNil(wrapped.potential_gradient)
    XCTAssertNil(wrapped.potential_gradient_batch, "fields past a 1.0 struct_size read as absent")
    XCTAssertNil(wrapped.potential_batch)
    XCTAssertEqual(wrapped.struct_size, UInt32(MemoryLayout<cat_sampling_oracles>.size))
    // Smaller than 1.0 is still refused.
    XCTAssertThrowsError(try self.interposer(table(structSize: CAT_SAMPLING_ORACLES_SIZE_1_0 - 8)))
  }
}
