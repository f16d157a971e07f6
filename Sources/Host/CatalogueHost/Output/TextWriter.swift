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

  /// Appends a time in seconds as `append(shortest:)` writes it, without the general double printer for the times a
  /// run's clock gives: a whole number of nanoseconds from 0.0001 s to 10⁶ s.
  ///
  /// `timing.csv` takes one such time per row, and the shortest-form printer is the costliest part of a row. Such a
  /// time is the double nearest to n / 10⁹ for an integer n, and below 10⁶ s its rounding interval (under
  /// 1.2e-10 wide) holds no other decimal with nine or fewer fraction digits, so its shortest round-trip form is
  /// n / 10⁹ in plain decimal with trailing zeros dropped (and at least one fraction digit, as Swift prints "1.0").
  /// Any other value goes through `append(shortest:)`. Tests/CatalogueHostTests/TextWriterTests.swift compares
  /// both paths with `NumberFormat.shortest`.
  @inline(__always)
  public mutating func append(seconds value: Double) {
    guard value >= 1e-4, value < 1e6 else { return append(shortest: value) }
    let nanoseconds = UInt64((value * 1e9).rounded())
    guard Double(nanoseconds) / 1e9 == value else { return append(shortest: value) }
    append(nanoseconds / 1_000_000_000)
    append(ascii: UInt8(ascii: "."))
    var fraction = nanoseconds % 1_000_000_000
    var digits = 9
    while digits > 1 && fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    append(fraction, digits: digits)
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
    append(value, digits: digits)
  }

  /// Appends the last `digits` decimal digits of `value`, leading zeros included: two digits per division, from a
  /// table of the pairs "00" to "99" (a row holds nine or more integers, and a division is the loop's cost).
  @inline(__always)
  private mutating func append(_ value: UInt64, digits: Int) {
    precondition(digits <= end - offset, "TextWriter: more text than reserved")
    let pairs = Self.digitPairs.utf8Start
    var rest = value
    var index = offset + digits
    while index - offset >= 2 {
      let pair = Int(truncatingIfNeeded: rest % 100) &* 2
      rest /= 100
      index -= 2
      base[index] = pairs[pair]
      base[index + 1] = pairs[pair + 1]
    }
    if index > offset { base[offset] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10) }
    offset += digits
  }

  /// "00", "01", …, "99" end to end: a constant in the binary, so reading it costs no lazy initialisation.
  private static var digitPairs: StaticString {
    """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """
  }
}
