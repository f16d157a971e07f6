/// Appends little-endian binary fields to a byte array: the encoding of the events a run worker streams to the
/// host.
///
/// Binary rather than JSON because trace rows are the hot path (one per iteration) and because doubles must cross
/// bit for bit, so a trace written from a worker is byte-identical to one written in-process.
struct WireWriter {
  /// The bytes written so far.
  var bytes: [UInt8] = []

  mutating func u8(_ value: UInt8) { bytes.append(value) }

  mutating func u32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func u64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func f64(_ value: Double) { u64(value.bitPattern) }

  mutating func string(_ value: String) {
    let utf8 = Array(value.utf8)
    u32(UInt32(utf8.count))
    bytes.append(contentsOf: utf8)
  }

  mutating func optionalString(_ value: String?) {
    u8(value == nil ? 0 : 1)
    if let value { string(value) }
  }

  mutating func doubles(_ values: [Double]) {
    u32(UInt32(values.count))
    for value in values { f64(value) }
  }

  mutating func strings(_ values: [String]) {
    u32(UInt32(values.count))
    for value in values { string(value) }
  }

  mutating func blob(_ value: [UInt8]) {
    u64(UInt64(value.count))
    bytes.append(contentsOf: value)
  }
}

/// Reads what `WireWriter` wrote; any overrun means a damaged message.
struct WireReader {
  /// A message shorter than its fields claim.
  struct Truncated: Error {}

  private let bytes: [UInt8]
  private var offset: Int
  private let end: Int

  /// Reads `bytes[offset..<end]` (to the end of the array when `end` is nil), without copying.
  init(_ bytes: [UInt8], from offset: Int = 0, end: Int? = nil) {
    self.bytes = bytes
    self.offset = offset
    self.end = end ?? bytes.count
  }

  /// True once every byte was read.
  var isAtEnd: Bool { offset == end }

  private mutating func take(_ count: Int) throws(Truncated) -> Int {
    guard count >= 0, count <= end - offset else { throw Truncated() }
    defer { offset += count }
    return offset
  }

  mutating func u8() throws(Truncated) -> UInt8 { bytes[try take(1)] }

  mutating func u32() throws(Truncated) -> UInt32 {
    let start = try take(4)
    var value: UInt32 = 0
    for index in 0..<4 { value |= UInt32(bytes[start + index]) << (8 * index) }
    return value
  }

  mutating func u64() throws(Truncated) -> UInt64 {
    let start = try take(8)
    var value: UInt64 = 0
    for index in 0..<8 { value |= UInt64(bytes[start + index]) << (8 * index) }
    return value
  }

  mutating func f64() throws(Truncated) -> Double { Double(bitPattern: try u64()) }

  mutating func string() throws(Truncated) -> String {
    let count = Int(try u32())
    let start = try take(count)
    return String(decoding: bytes[start..<start + count], as: UTF8.self)
  }

  mutating func optionalString() throws(Truncated) -> String? {
    try u8() == 0 ? nil : try string()
  }

  mutating func doubles() throws(Truncated) -> [Double] {
    let count = Int(try u32())
    guard count <= (end - offset) / 8 else { throw Truncated() }
    var values: [Double] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try f64()) }
    return values
  }

  mutating func strings() throws(Truncated) -> [String] {
    let count = Int(try u32())
    guard count <= end - offset else { throw Truncated() }
    var values: [String] = []
    for _ in 0..<count { values.append(try string()) }
    return values
  }

  mutating func blob() throws(Truncated) -> [UInt8] {
    let count = try u64()
    guard count <= UInt64(end - offset) else { throw Truncated() }
    let start = try take(Int(count))
    return Array(bytes[start..<start + Int(count)])
  }
}
