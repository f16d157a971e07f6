import CCatalogue
import CatalogueSDK
import CatalogueSDKTesting
import Manifolds
import SeededRandom
import XCTest

@testable import RiemannianLangevin

/// ABI 1.1's batched operations equal the per-point loop exactly: the native ones of the sphere and the
/// hyperboloid, the SDK's default loop (SPD, a third party's geometry), the C table's entries, and a table built
/// against ABI 1.0, whose batch slots the SDK must not trust.
final class BatchEqualsLoopTests: XCTestCase {
  let host = HostServices(RecordingHost.table)

  /// m points with tangent vectors (one of them below the exp's small-step threshold) and ambient vectors.
  private func inputs(_ g: any Geometry, m: Int) throws -> (x: [Double], v: [Double], e: [Double]) {
    var rng = CatalogueRandom(seed: 11, stream: 7)
    var x: [Double] = []
    var v: [Double] = []
    var e: [Double] = []
    for p in 0..<m {
      let point = try g.randomPoint(&rng)
      x += point
      v += try g.tangentGaussian(point, &rng).map { $0 * (p == 1 ? 1e-14 : 0.4) }
      e += rng.normals(g.pointSize)
    }
    return (x, v, e)
  }

  private typealias Batch = (
    Int, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>
  ) throws -> Void

  private func batch(_ m: Int, _ n: Int, _ a: [Double], _ b: [Double], _ op: Batch) throws -> [Double] {
    var out = [Double](repeating: .nan, count: m * n)
    try out.withUnsafeMutableBufferPointer { o in try op(m, a, b, o.baseAddress!) }
    return out
  }

  private func loop(_ m: Int, _ n: Int, _ a: [Double], _ b: [Double], _ op: ([Double], [Double]) throws -> [Double])
    throws -> [Double]
  {
    try (0..<m).flatMap { p in try op(Array(a[p * n..<(p + 1) * n]), Array(b[p * n..<(p + 1) * n])) }
  }

  /// Every batched operation of `batched` against the per-point operations of `single`, bit for bit.
  private func assertBatchEqualsLoop(_ batched: any Geometry, _ single: any Geometry, m: Int = 9) throws {
    let n = single.pointSize
    let (x, v, e) = try inputs(single, m: m)
    let label = "\(batched.name) (\(type(of: batched)))"
    XCTAssertEqual(
      try batch(m, n, x, e) { try batched.projectBatch(count: $0, $1, $2, $3) },
      try loop(m, n, x, e) { try single.project($0, $1) }, label)
    XCTAssertEqual(
      try batch(m, n, x, e) { try batched.riemannianGradientBatch(count: $0, $1, euclidean: $2, $3) },
      try loop(m, n, x, e) { try single.riemannianGradient($0, euclidean: $1) }, label)
    XCTAssertEqual(
      try batch(m, n, x, v) { try batched.retractBatch(count: $0, $1, $2, $3) },
      try loop(m, n, x, v) { try single.retract($0, $1) }, label)
    if single.hasExp {
      XCTAssertEqual(
        try batch(m, n, x, v) { try batched.expBatch(count: $0, $1, $2, $3) },
        try loop(m, n, x, v) { try single.exp($0, $1) }, label)
    }
    var first = CatalogueRandom(seed: 5, stream: 2)
    var second = first
    let drawn = try batch(m, n, x, x) { try batched.tangentGaussianBatch(count: $0, $1, &first, $3) }
    let looped = try (0..<m).flatMap { p in try single.tangentGaussian(Array(x[p * n..<(p + 1) * n]), &second) }
    XCTAssertEqual(drawn, looped, label)
    XCTAssertEqual(first.next(), second.next(), "\(label): the batch draws as many numbers as the loop")
  }

  private var geometries: [any Geometry] {
    get throws { [try Sphere(3), try Sphere(10), try Hyperbolic(2), try SPD(2), SPDTwo(), TestSphere()] }
  }

  func testBatchedOperationsEqualThePerPointLoopOnEveryGeometry() throws {
    for g in try geometries {
      try assertBatchEqualsLoop(g, g)
      // Through the C table, as an algorithm of another plugin sees it.
      let exported = ExportedGeometry(g, host: host)
      try assertBatchEqualsLoop(ForeignGeometry(UnsafePointer(exported.table), host: host), g)
    }
  }

  /// A table that declares the 1.0 size has no batched operations, even if the words after its 1.0 fields are not
  /// zero: the SDK loops over its per-point entries (here a wrong `exp_batch` in those words would zero the output).
  func testAnABIOnePointZeroTableIsReadByItsPerPointEntries() throws {
    let g = try Sphere(3)
    let exported = ExportedGeometry(g, host: host)
    var old = exported.table.pointee
    old.struct_size = CAT_GEOMETRY_SIZE_1_0
    let zeros:
      @convention(c) (
        UnsafeMutableRawPointer?, UInt64, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?
      ) -> cat_status = { _, m, _, _, out in
        out?.update(repeating: 0, count: 3 * Int(m))
        return 0
      }
    old.exp_batch = zeros
    old.project_batch = zeros
    old.retract_batch = zeros
    old.egrad_to_rgrad_batch = zeros
    old.tangent_gaussian_batch = { _, m, _, _, out in
      out?.update(repeating: 0, count: 3 * Int(m))
      return 0
    }
    try withUnsafePointer(to: old) { table in
      try assertBatchEqualsLoop(ForeignGeometry(table, host: host), g)
    }
    // The same words in a 1.1 table are its batched operations: the check above can fail.
    old.struct_size = CAT_GEOMETRY_SIZE_1_1
    let trusted = withUnsafePointer(to: old) { ForeignGeometry($0, host: host) }
    let (x, v, _) = try inputs(g, m: 2)
    XCTAssertEqual(
      try batch(2, 3, x, v) { try trusted.expBatch(count: $0, $1, $2, $3) }, [Double](repeating: 0, count: 6))
  }

  /// The closed-form SPD(2) of the SPD(2) Gaussian is the Manifolds module's SPD(2): the same draws and, to
  /// round-off, the same values of every operation the samplers use.
  func testClosedFormSPDTwoAgreesWithTheManifoldsModule() throws {
    let general = try SPD(2)
    let closed = SPDTwo()
    var rng = CatalogueRandom(seed: 21, stream: 3)
    func close(_ a: [Double], _ b: [Double], _ what: String) {
      XCTAssertEqual(a.count, b.count, what)
      for (p, q) in zip(a, b) { XCTAssertEqual(p, q, accuracy: 1e-12 * max(1, abs(q)), what) }
    }
    for _ in 0..<50 {
      var copy = rng
      let x = try closed.randomPoint(&rng)
      close(x, try general.randomPoint(&copy), "randomPoint")
      XCTAssertEqual(rng.next(), copy.next(), "randomPoint draws as many numbers")
      copy = rng
      let v = try closed.tangentGaussian(x, &rng)
      close(v, try general.tangentGaussian(x, &copy), "tangentGaussian")
      XCTAssertEqual(rng.next(), copy.next(), "tangentGaussian draws as many numbers")
      let u = rng.normals(4)
      close(try closed.exp(x, v), try general.exp(x, v), "exp")
      close(try closed.retract(x, v), try general.retract(x, v), "retract")
      close(try closed.project(x, u), try general.project(x, u), "project")
      close(try closed.riemannianGradient(x, euclidean: u), try general.riemannianGradient(x, euclidean: u), "rgrad")
      XCTAssertEqual(
        try closed.inner(x, v, u), try general.inner(x, v, u), accuracy: 1e-12 * max(1, abs(try general.inner(x, v, u)))
      )
      XCTAssertEqual(try closed.manifoldError(x), try general.manifoldError(x), accuracy: 1e-15)
    }
    XCTAssertThrowsError(try closed.exp([1, 0, 0, -1], [0, 0, 0, 0]), "an indefinite x is refused")
  }

  /// Every problem's batched oracles equal its per-point oracles, with and without sample sets.
  func testBatchedOraclesEqualThePerPointLoopOnEveryProblem() throws {
    for family in SamplingFamilies.all {
      let problem = try RecordingHost.makeInstance(family, seed: 3).sampling()
      let n = problem.dimension
      let m = 7
      var rng = CatalogueRandom(seed: 4, stream: 9)
      var x: [Double] = []
      for c in 0..<m { x += try problem.initialPoint(chain: c, rng: &rng) }
      let k = 3
      let sets: [UInt64]? =
        problem.sampleCount > 0 ? (0..<(m * k)).map { _ in UInt64(rng.index(below: problem.sampleCount)) } : nil
      for samples in problem.sampleCount > 0 ? [nil, sets] : [nil] {
        var h = [Double](repeating: .nan, count: m)
        var hOnly = h
        var g = [Double](repeating: .nan, count: m * n)
        try samples.withOptionalPointer { s in
          try problem.potentialGradientBatch(count: m, x, samples: s, sampleSetSize: k, &h, &g)
          try problem.potentialBatch(count: m, x, samples: s, sampleSetSize: k, &hOnly)
        }
        for p in 0..<m {
          let set = samples.map { s in (0..<k).map { Int(s[p * k + $0]) } }
          let point = Array(x[p * n..<(p + 1) * n])
          let single = try problem.potentialGradient(point, samples: set)
          XCTAssertEqual(h[p], single.value, "\(family.id) point \(p)")
          XCTAssertEqual(hOnly[p], try problem.potential(point, samples: set), "\(family.id) point \(p)")
          XCTAssertEqual(Array(g[p * n..<(p + 1) * n]), single.gradient, "\(family.id) point \(p)")
        }
      }
      let stride = problem.statisticNames.count
      var statistics = [Double](repeating: .nan, count: m * stride)
      try problem.statisticsBatch(count: m, x, &statistics)
      let looped = try (0..<m).flatMap { p in try problem.statistics(Array(x[p * n..<(p + 1) * n])) }
      XCTAssertEqual(statistics, looped, family.id)
    }
  }
}

extension Optional where Wrapped == [UInt64] {
  /// Calls `body` with the array's base address, or nil.
  fileprivate func withOptionalPointer<R>(_ body: (UnsafePointer<UInt64>?) throws -> R) rethrows -> R {
    guard let self else { return try body(nil) }
    return try self.withUnsafeBufferPointer { try body($0.baseAddress) }
  }
}
