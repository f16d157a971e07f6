import SeededRandom
import XCTest

@testable import CatalogueHost

/// The trace writer's own shortest-double printer (`ShortestDouble` and `TextWriter.append(shortest:)`) against
/// the standard library's `description`, which `NumberFormat.shortest` and every earlier trace used: the same
/// bytes for every kind of double, the hard cases by construction and a million random ones.
final class ShortestDoubleTests: XCTestCase {
  /// The values whose written form differs from `description` (at most `limit` of them, for the message).
  func mismatches(_ values: some Sequence<Double>, limit: Int = 5) -> [String] {
    var found: [String] = []
    var buffer = TextBuffer()
    for value in values {
      buffer.removeAll()
      buffer.write(reserving: TextWriter.doubleBound) { $0.append(shortest: value) }
      let written = String(decoding: buffer.bytes, as: UTF8.self)
      let expected = value.isNaN ? "nan" : value.description
      if written != expected {
        found.append("\(expected) (bits 0x\(String(value.bitPattern, radix: 16))) written as \(written)")
        if found.count == limit { break }
      }
    }
    return found
  }

  /// Both signs of each value.
  func signed(_ values: [Double]) -> [Double] { values + values.map { -$0 } }

  /// `value` and the `count` doubles on each side of it.
  func neighbourhood(of value: Double, _ count: Int) -> [Double] {
    var values = [value]
    var up = value
    var down = value
    for _ in 0..<count {
      up = up.nextUp
      down = down.nextDown
      values += [up, down]
    }
    return values
  }

  func testSpecialValues() {
    XCTAssertEqual(
      mismatches([0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN, 1, 0.1, 0.2, 0.3, 1e23, 5e-324]), [])
  }

  /// Every power of two and its neighbours: the interval below a power of two is half as wide (the irregular
  /// case), and each binary exponent takes its own table entry.
  func testPowersOfTwoAndNeighbours() {
    var values: [Double] = []
    var power = Double.leastNonzeroMagnitude
    while power.isFinite {
      values += neighbourhood(of: power, 2)
      power *= 2
    }
    XCTAssertEqual(mismatches(signed(values)), [])
  }

  /// Every decimal power 10^k a double can come near, the doubles next to it, and 1.5·10^k, 9.99…·10^k: where
  /// the shortest form drops to one digit and where the number of digits changes.
  func testPowersOfTenAndNeighbours() {
    var values: [Double] = []
    for k in -325...309 {
      for text in ["1e\(k)", "1.5e\(k)", "9.999999999999999e\(k)", "5e\(k)", "2.5e\(k)"] {
        guard let value = Double(text), value.isFinite, value > 0 else { continue }
        values += neighbourhood(of: value, 2)
      }
    }
    XCTAssertEqual(mismatches(signed(values)), [])
  }

  /// The subnormals with the fewest significant bits (where s is a single digit and the interval holds few
  /// decimals), the largest subnormals and the smallest normals.
  func testSubnormals() {
    var values = (1...20_000).map { Double(bitPattern: $0) }
    values += (0..<2000).map { Double(bitPattern: (1 << 52) - 1000 + $0) }
    XCTAssertEqual(mismatches(signed(values)), [])
  }

  /// The edges between plain decimal and exponent form: 0.0001 and 2^53, and integers on both sides of 10^16.
  func testNotationEdges() {
    var values: [Double] = []
    for edge in [0.0001, 0x1p53, 1e16, 1e15, 0.001] { values += neighbourhood(of: edge, 49) }
    values += (0..<2000).map { Double(9_007_199_254_739_000 + 2 * $0) }
    XCTAssertEqual(mismatches(signed(values)), [])
  }

  /// A million random doubles: uniform bit patterns (every exponent, subnormals, NaN payloads), values of everyday
  /// magnitude with full-length digits, and short decimals (whose shortest form is much shorter than 17 digits).
  func testRandomValues() {
    var random = CatalogueRandom(seed: 2026)
    let values = (0..<1_000_000).lazy.map { index -> Double in
      let bits = random.next()
      switch index % 4 {
      case 0: return Double(bitPattern: bits)
      case 1: return Double(bits >> 11) * 0x1p-53 * 2e6 - 1e6
      case 2: return (Double(bits >> 11) * 0x1p-53 - 0.5) * 1e-3
      default: return Double(Int64(bits % 20_000_001) - 10_000_000) / 10_000
      }
    }
    XCTAssertEqual(mismatches(values), [])
  }

  /// The digits and exponent themselves, on values whose shortest decimal is known.
  func testDecimals() {
    XCTAssertTrue(ShortestDouble.decimal(1) == (1, 0))
    XCTAssertTrue(ShortestDouble.decimal(0.1) == (1, -1))
    XCTAssertTrue(ShortestDouble.decimal(-1234.5) == (12345, -1))
    XCTAssertTrue(ShortestDouble.decimal(1e23) == (1, 23))
    XCTAssertTrue(ShortestDouble.decimal(.leastNonzeroMagnitude) == (5, -324))
    XCTAssertTrue(ShortestDouble.decimal(.greatestFiniteMagnitude) == (17_976_931_348_623_157, 292))
    XCTAssertTrue(ShortestDouble.decimal(0.1 + 0.2) == (30_000_000_000_000_004, -17))
  }

  func testDigitCounts() {
    XCTAssertEqual(TextWriter.digitCount(0), 1)
    var power: UInt64 = 1
    for digits in 1...20 {
      XCTAssertEqual(TextWriter.digitCount(power), digits)
      if digits < 20 {
        XCTAssertEqual(TextWriter.digitCount(power * 10 - 1), digits)
        power *= 10
      }
    }
    XCTAssertEqual(TextWriter.digitCount(.max), 20)
  }
}
