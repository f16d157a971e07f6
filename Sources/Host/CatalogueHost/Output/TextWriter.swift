/// Writes text into memory a `TextBuffer` reserved; every write checks that it fits.
public struct TextWriter: TextOutputStream {
  /// Bytes a double takes at most in its shortest form ("-2.2250738585072014e-308" is 24).
  public static let doubleBound = 32
  /// Bytes an unsigned 64-bit integer takes at most (20 digits).
  public static let integerBound = 20

  /// The buffer's storage.
  let base: UnsafeMutablePointer<UInt8>
  /// Where the next byte goes.
  var offset: Int
  /// One past the last reserved byte.
  let end: Int

  /// Appends a string.
  public mutating func write(_ string: String) {
    var text = string
    text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
  }

  /// Called by the standard library's number printing with the digits it formatted (no `String` is made).
  public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    append(UnsafeRawBufferPointer(buffer))
  }

  /// Appends bytes.
  @inline(__always)
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    precondition(bytes.count <= end - offset, "TextWriter: more text than reserved")
    if let source = bytes.baseAddress {
      UnsafeMutableRawPointer(base + offset).copyMemory(from: source, byteCount: bytes.count)
    }
    offset += bytes.count
  }

  /// Appends one ASCII character.
  @inline(__always)
  public mutating func append(ascii: UInt8) {
    precondition(offset < end, "TextWriter: more text than reserved")
    base[offset] = ascii
    offset += 1
  }

  /// Appends a double as `NumberFormat.shortest` writes it.
  @inline(__always)
  public mutating func append(shortest value: Double) {
    if value.isNaN {
      // `description` prints every NaN as "nan"; the stream form would keep a sign ("-nan").
      append(ascii: UInt8(ascii: "n"))
      append(ascii: UInt8(ascii: "a"))
      append(ascii: UInt8(ascii: "n"))
    } else {
      value.write(to: &self)
    }
  }

  /// Appends an unsigned integer in decimal, as `String(value)` writes it.
  @inline(__always)
  public mutating func append(_ value: UInt64) {
    var digits = 1
    var power: UInt64 = 10
    while digits < 20 && value >= power {
      digits += 1
      power &*= 10
    }
    precondition(digits <= end - offset, "TextWriter: more text than reserved")
    var rest = value
    for index in stride(from: offset + digits - 1, through: offset, by: -1) {
      base[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    }
    offset += digits
  }
}
