import SeededRandom
import XCTest

@testable import CatalogueHost

/// The trace writer's number formatting is the host's: every double as `NumberFormat.shortest` (Swift's
/// `description`) prints it, every counter as `String(_:)` does, so trace.csv keeps its bytes.
final class TextWriterTests: XCTestCase {
  func text(_ fill: (inout TextWriter) -> Void, reserving bound: Int = 64) -> String {
    var buffer = TextBuffer()
    buffer.write(reserving: bound, fill)
    return String(decoding: buffer.bytes, as: UTF8.self)
  }

  func testDoublesAreWrittenAsNumberFormatShortest() {
    var values: [Double] = [
      0, -0.0, 1, -1, 0.1, 1e-5, 1e-4, 123456.789, 1e16, 9_007_199_254_740_992, 9_007_199_254_740_993, .pi, -.pi,
      .infinity, -.infinity, .nan, -.nan, .signalingNaN, .leastNonzeroMagnitude, .leastNormalMagnitude,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 2.2250738585072014e-308, 5e-324, 0.30000000000000004,
    ]
    var random = CatalogueRandom(seed: 14)
    for index in 0..<60_000 {
      let bits = random.next()
      switch index % 3 {
      case 0: values.append(Double(bitPattern: bits))  // every exponent, NaN payloads, subnormals
      case 1: values.append(Double(bits >> 11) * 0x1p-53 * 2e6 - 1e6)  // ordinary magnitudes
      default: values.append(Double(Int64(bits % 2_000_001) - 1_000_000) / 1000)  // short decimals
      }
    }
    for value in values {
      let written = text { $0.append(shortest: value) }
      if written != NumberFormat.shortest(value) {
        XCTFail("\(value.bitPattern): wrote \(written), NumberFormat.shortest gives \(NumberFormat.shortest(value))")
        return
      }
      XCTAssertLessThanOrEqual(written.utf8.count, TextWriter.doubleBound)
    }
  }

  func testCountersAreWrittenInDecimal() {
    var values: [UInt64] = [0, 1, 9, 10, 11, 99, 100, 101, .max, .max - 1, 1 << 63]
    var power: UInt64 = 1
    for _ in 0..<19 {
      power *= 10
      values += [power - 1, power, power + 1]
    }
    var random = CatalogueRandom(seed: 15)
    for _ in 0..<10_000 { values.append(random.next() >> (random.next() % 64)) }
    for value in values {
      XCTAssertEqual(text { $0.append(value) }, String(value))
    }
    XCTAssertEqual(text({ $0.append(UInt64.max) }, reserving: TextWriter.integerBound), "18446744073709551615")
  }

  func testRowsAccumulateAcrossWritesAndGrowTheStorage() {
    var buffer = TextBuffer()
    var expected = ""
    for row in 0..<5000 {
      buffer.write(reserving: 60) { line in
        line.append(UInt64(row))
        line.append(ascii: UInt8(ascii: ","))
        line.append(shortest: Double(row) / 7)
        line.append(ascii: UInt8(ascii: "\n"))
      }
      expected += "\(row),\(NumberFormat.shortest(Double(row) / 7))\n"
    }
    buffer.write("tail ✓")
    expected += "tail ✓"
    XCTAssertEqual(String(decoding: buffer.bytes, as: UTF8.self), expected)
    buffer.removeAll()
    XCTAssertEqual(buffer.count, 0)
  }
}
