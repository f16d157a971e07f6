/// Reads what `CacheWriter` wrote, from memory it does not own; any overrun or impossible value means a damaged
/// cache, which is then ignored as a whole.
struct CacheReader {
  /// A field runs past the end or holds a value no writer produces.
  struct Damaged: Error {}

  private let bytes: UnsafeRawBufferPointer
  /// The next byte to read.
  private(set) var offset: Int
  /// Detail sections (`CacheWriter.detail`) are stepped over and read as their empty value.
  let skipsDetails: Bool

  /// Reads `bytes` from `offset`, with or without the detail sections.
  init(_ bytes: UnsafeRawBufferPointer, from offset: Int = 0, skipsDetails: Bool = false) {
    self.bytes = bytes
    self.offset = offset
    self.skipsDetails = skipsDetails
  }

  /// True once every byte was read.
  var isAtEnd: Bool { offset == bytes.count }

  private mutating func take(_ count: Int) throws(Damaged) -> Int {
    guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
    defer { offset += count }
    return offset
  }

  /// Moves past `count` bytes.
  mutating func skip(_ count: Int) throws(Damaged) { _ = try take(count) }

  mutating func u8() throws(Damaged) -> UInt8 { bytes[try take(1)] }

  mutating func u32() throws(Damaged) -> UInt32 {
    UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
  }

  mutating func u64() throws(Damaged) -> UInt64 {
    UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self))
  }

  mutating func i64() throws(Damaged) -> Int64 { Int64(bitPattern: try u64()) }

  mutating func f64() throws(Damaged) -> Double { Double(bitPattern: try u64()) }

  mutating func bool() throws(Damaged) -> Bool {
    switch try u8() {
    case 0: return false
    case 1: return true
    default: throw Damaged()
    }
  }

  mutating func string() throws(Damaged) -> String {
    let count = Int(try u32())
    let start = try take(count)
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<start + count]), as: UTF8.self)
  }

  mutating func optional() throws(Damaged) -> String? {
    try bool() ? try string() : nil
  }

  mutating func strings() throws(Damaged) -> [String] {
    let count = Int(try u32())
    guard count <= bytes.count - offset else { throw Damaged() }
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try string()) }
    return values
  }

  /// Reads a detail section with `read`, which must consume it exactly, or steps over it and returns `empty`.
  mutating func detail<Value>(
    empty: Value, _ read: (inout CacheReader) throws(Damaged) -> Value
  ) throws(Damaged) -> Value {
    let length = Int(truncatingIfNeeded: try u64())
    if skipsDetails {
      try skip(length)
      return empty
    }
    guard length >= 0, length <= bytes.count - offset else { throw Damaged() }
    let end = offset + length
    let value = try read(&self)
    guard offset == end else { throw Damaged() }
    return value
  }

  mutating func array<Element: CacheCodable>(_: Element.Type = Element.self) throws(Damaged) -> [Element] {
    let count = Int(try u32())
    guard count <= bytes.count - offset else { throw Damaged() }
    var values: [Element] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try Element(from: &self)) }
    return values
  }
}
