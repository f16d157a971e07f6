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

  func testTimesAreWrittenAsNumberFormatShortest() {
    // The fixed-point path's edges, values just off whole nanoseconds, and the general path outside its range.
    var values: [Double] = [
      0, 1e-9, 5e-5, 9.9999e-5, 1e-4, 0.0001000000001, 0.001, 0.1, 0.2, 1, 1.5, 10, 999_999.999999999, 1e6,
      1e6 + 1e-9, 3e7, .infinity, .nan, -1e-3, 0.1 + 1e-17, 0.000123456789, 123.456789012, 1.000000001,
    ]
    var random = CatalogueRandom(seed: 16)
    for index in 0..<60_000 {
      let bits = random.next()
      switch index % 4 {
      case 0: values.append(Double(bits % 1_000_000_000_000_000) / 1e9)  // whole nanoseconds up to 10⁶ s
      case 1: values.append(Double(bits % 10_000_000_000) / 1e9)  // up to 10 s, as rows' times mostly are
      case 2: values.append(Double(bits >> 11) * 0x1p-53 * 100)  // not whole nanoseconds
      default: values.append(Double(bits % 2_000_000) / 1e9)  // around the 0.0001 s edge
      }
    }
    for value in values {
      let written = text { $0.append(seconds: value) }
      if written != NumberFormat.shortest(value) {
        XCTFail("\(value.bitPattern): wrote \(written), NumberFormat.shortest gives \(NumberFormat.shortest(value))")
        return
      }
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
