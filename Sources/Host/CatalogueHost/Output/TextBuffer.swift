/// Text assembled as bytes, with the host's number formats written straight in: the trace writer's hot path
/// (one row per reported iteration) builds no `String` per number or per row.
///
/// Doubles come out exactly as `NumberFormat.shortest` prints them (Swift's shortest round-trip form, "nan" for
/// every NaN), unsigned integers in plain decimal, so a row written here is byte-identical to one joined from
/// `String`s (Tests/CatalogueHostTests/TextBufferTests.swift checks both against millions of values).
public struct TextBuffer: TextOutputStream {
  /// The text so far, UTF-8.
  public var bytes: [UInt8] = []

  /// An empty buffer.
  public init() {}

  /// Appends a string.
  public mutating func write(_ string: String) {
    bytes.append(contentsOf: string.utf8)
  }

  /// Called by the standard library's number printing with the digits it formatted (no `String` is made).
  public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: buffer)
  }

  /// Appends one ASCII character.
  @inline(__always)
  public mutating func append(ascii: UInt8) {
    bytes.append(ascii)
  }

  /// Appends a double as `NumberFormat.shortest` writes it.
  @inline(__always)
  public mutating func append(shortest value: Double) {
    if value.isNaN {
      // `description` prints every NaN as "nan"; the stream form would keep a sign ("-nan").
      bytes.append(contentsOf: [0x6E, 0x61, 0x6E])
    } else {
      value.write(to: &self)
    }
  }

  /// Appends an unsigned integer in decimal, as `String(value)` writes it.
  @inline(__always)
  public mutating func append(_ value: UInt64) {
    if value < 10 {
      bytes.append(0x30 &+ UInt8(truncatingIfNeeded: value))
      return
    }
    // At most 20 digits, produced from the right into a fixed scratch area.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { scratch in
      var rest = value
      var index = 24
      while rest > 0 {
        index -= 1
        scratch[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
        rest /= 10
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[index...]))
    }
  }
}
