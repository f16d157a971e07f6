/// Writes text into memory a `TextBuffer` reserved; every write checks that it fits.
public struct TextWriter {
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

  /// Appends a double as `NumberFormat.shortest` writes it: Swift's `description` ("nan" for every NaN, "inf",
  /// "-0.0", plain decimal with at least one fraction digit from 0.0001 up to 2^53, "1.5e-05" / "1e+16" outside),
  /// with the digits from `ShortestDouble`.
  @inline(__always)
  public mutating func append(shortest value: Double) {
    precondition(TextWriter.doubleBound <= end - offset, "TextWriter: more text than reserved")
    if value.isNaN { return append(ascii: "nan") }
    if value.sign == .minus { append(ascii: UInt8(ascii: "-")) }
    if value == 0 { return append(ascii: "0.0") }
    if value.isInfinite { return append(ascii: "inf") }
    let (significand, exponent) = ShortestDouble.decimal(value)
    let count = Self.digitCount(significand)
    // value = 0.d₁d₂…d_count × 10^point
    let point = count &+ exponent
    if point >= -3 && value.magnitude <= 0x1p53 {
      if point <= 0 {
        append(ascii: "0.")
        for _ in 0..<(-point) { append(ascii: UInt8(ascii: "0")) }
        append(significand, digits: count)
      } else if point < count {
        appendWithPoint(significand, digits: count, after: point)
      } else {
        append(significand, digits: count)
        for _ in 0..<(point &- count) { append(ascii: UInt8(ascii: "0")) }
        append(ascii: ".0")
      }
    } else {
      if count == 1 {
        append(significand, digits: 1)
      } else {
        appendWithPoint(significand, digits: count, after: 1)
      }
      let power = point &- 1
      append(ascii: power < 0 ? "e-" : "e+")
      let magnitude = UInt64(power.magnitude)
      append(magnitude, digits: magnitude < 100 ? 2 : 3)
    }
  }

  /// Appends the `digits` digits of `value` with a decimal point after the first `after` of them (0 < after <
  /// digits): all digits one place to the right, then the first `after` moved back over the gap.
  @inline(__always)
  private mutating func appendWithPoint(_ value: UInt64, digits: Int, after: Int) {
    let start = offset
    offset &+= 1
    append(value, digits: digits)
    for index in start..<(start &+ after) { base[index] = base[index &+ 1] }
    base[start &+ after] = UInt8(ascii: ".")
  }

  /// Appends two or three ASCII characters given as a string literal (no `String` is made).
  @inline(__always)
  private mutating func append(ascii text: StaticString) {
    let bytes = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    append(bytes)
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

  /// Appends an unsigned integer in decimal, as `String(value)` writes it. Single digits, as most of a row's oracle
  /// counters are (a method calls one or two kinds of oracle), skip the digit count and the division loops.
  @inline(__always)
  public mutating func append(_ value: UInt64) {
    if value < 10 { return append(ascii: 0x30 &+ UInt8(truncatingIfNeeded: value)) }
    append(value, digits: Self.digitCount(value))
  }

  /// The number of decimal digits of `value` (1 for 0): ⌊log₁₀ 2^bits⌋ from the bit length, corrected by one
  /// comparison with a power of ten.
  @inline(__always)
  static func digitCount(_ value: UInt64) -> Int {
    let guess = ((64 &- value.leadingZeroBitCount) &* 1233) >> 12
    return max(1, guess &+ (value < powersOfTen[guess] ? 0 : 1))
  }

  /// 10^0 … 10^19.
  private static let powersOfTen: [UInt64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
    100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
    10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
  ]

  /// Appends the last `digits` decimal digits of `value`, leading zeros included: blocks of eight digits split
  /// into four independent pairs (a double's seventeen digits would otherwise be one chain of eight dependent
  /// divisions), then the rest two at a time, each pair from a table of "00" to "99".
  @inline(__always)
  private mutating func append(_ value: UInt64, digits: Int) {
    precondition(digits <= end - offset, "TextWriter: more text than reserved")
    var rest = value
    var index = offset &+ digits
    while index &- offset >= 8 {
      let (quotient, block) = rest.quotientAndRemainder(dividingBy: 100_000_000)
      rest = quotient
      index &-= 8
      let high = UInt32(truncatingIfNeeded: block) / 10_000
      let low = UInt32(truncatingIfNeeded: block) % 10_000
      writePair(high / 100, at: index)
      writePair(high % 100, at: index &+ 2)
      writePair(low / 100, at: index &+ 4)
      writePair(low % 100, at: index &+ 6)
    }
    while index &- offset >= 2 {
      index &-= 2
      writePair(UInt32(truncatingIfNeeded: rest % 100), at: index)
      rest /= 100
    }
    if index > offset { base[offset] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10) }
    offset &+= digits
  }

  /// Writes the two digits of `pair` (below 100) at `index`.
  @inline(__always)
  private func writePair(_ pair: UInt32, at index: Int) {
    let digits = Self.digitPairs.utf8Start + Int(truncatingIfNeeded: pair) &* 2
    base[index] = digits[0]
    base[index &+ 1] = digits[1]
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
