import SeededRandom
import XCTest

final class CatalogueRandomTests: XCTestCase {
  /// splitmix64 from x = 0: the reference outputs published with the algorithm.
  func testSplitmix64MatchesReference() {
    var x: UInt64 = 0
    XCTAssertEqual(CatalogueRandom.splitmix64(&x), 0xE220_A839_7B1D_CDAF)
    XCTAssertEqual(CatalogueRandom.splitmix64(&x), 0x6E78_9E6A_A1B9_65F4)
    XCTAssertEqual(CatalogueRandom.splitmix64(&x), 0x06C4_5D18_8009_454F)
  }

  /// xoshiro256** from the state (1, 2, 3, 4): first output rotl(2·5, 7)·9 = 11520, second 0.
  func testXoshiroMatchesReference() {
    var rng = CatalogueRandom(state: (1, 2, 3, 4), cachedNormal: nil)
    XCTAssertEqual(rng.next(), 11520)
    XCTAssertEqual(rng.next(), 0)
  }

  /// Seeding follows catalogue.h: x = seed ^ (stream · φ), four splitmix64 outputs.
  func testSeedingFollowsTheHeader() {
    let rng = CatalogueRandom(seed: 0, stream: 0)
    XCTAssertEqual(rng.state.0, 0xE220_A839_7B1D_CDAF)
    XCTAssertEqual(rng.state.1, 0x6E78_9E6A_A1B9_65F4)
    let other = CatalogueRandom(seed: 0, stream: 1)
    XCTAssertNotEqual(rng.state.0, other.state.0, "streams must differ")
  }

  func testSameSeedSameSequence() {
    var a = CatalogueRandom(seed: 42, stream: 2)
    var b = CatalogueRandom(seed: 42, stream: 2)
    for _ in 0..<1000 { XCTAssertEqual(a.normal(), b.normal()) }
  }

  func testUniformIsInUnitIntervalWithRightMean() {
    var rng = CatalogueRandom(seed: 7)
    var sum = 0.0
    let n = 200_000
    for _ in 0..<n {
      let u = rng.uniform()
      XCTAssert(u >= 0 && u < 1)
      sum += u
    }
    // Mean 1/2, standard error sqrt(1/12/n) ≈ 6.5e-4: allow 5 standard errors.
    XCTAssertEqual(sum / Double(n), 0.5, accuracy: 5 * (1.0 / 12 / Double(n)).squareRoot())
  }

  func testNormalMomentsWithinMonteCarloBounds() {
    var rng = CatalogueRandom(seed: 11)
    let n = 200_000
    var sum = 0.0
    var sumSquares = 0.0
    var sumFourth = 0.0
    for _ in 0..<n {
      let z = rng.normal()
      sum += z
      sumSquares += z * z
      sumFourth += z * z * z * z
    }
    let mean = sum / Double(n)
    let variance = sumSquares / Double(n)
    XCTAssertEqual(mean, 0, accuracy: 5 / Double(n).squareRoot())
    // Var(z²) = 2, so the standard error of the second moment is sqrt(2/n).
    XCTAssertEqual(variance, 1, accuracy: 5 * (2 / Double(n)).squareRoot())
    // E z⁴ = 3 with Var(z⁴) = 96.
    XCTAssertEqual(sumFourth / Double(n), 3, accuracy: 5 * (96 / Double(n)).squareRoot())
  }

  func testIndexIsUniformAndInRange() {
    var rng = CatalogueRandom(seed: 3)
    var counts = [Int](repeating: 0, count: 7)
    let n = 70_000
    for _ in 0..<n { counts[rng.index(below: 7)] += 1 }
    for c in counts {
      // Binomial(n, 1/7): sd = sqrt(n p (1-p)) ≈ 92.6.
      XCTAssertEqual(Double(c), Double(n) / 7, accuracy: 5 * 92.6)
    }
  }

  func testGammaMeanAndVariance() {
    var rng = CatalogueRandom(seed: 5)
    for shape in [0.5, 1.0, 3.0] {
      let n = 100_000
      var sum = 0.0
      var sumSquares = 0.0
      for _ in 0..<n {
        let g = rng.gamma(shape: shape)
        XCTAssertGreaterThan(g, 0)
        sum += g
        sumSquares += g * g
      }
      let mean = sum / Double(n)
      let variance = sumSquares / Double(n) - mean * mean
      XCTAssertEqual(mean, shape, accuracy: 5 * (shape / Double(n)).squareRoot(), "shape \(shape)")
      XCTAssertEqual(variance, shape, accuracy: 0.05 * shape + 0.02, "shape \(shape)")
    }
  }

  func testUnitVectorHasUnitNorm() {
    var rng = CatalogueRandom(seed: 9)
    for d in [1, 2, 10] {
      let v = rng.unitVector(d)
      XCTAssertEqual(v.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-14)
    }
  }

  func testCopyForksAnIdenticalStream() {
    var a = CatalogueRandom(seed: 1)
    _ = a.normal()  // leaves a cached normal
    var b = a
    XCTAssertEqual(a.normal(), b.normal())
    XCTAssertEqual(a.next(), b.next())
  }
}
