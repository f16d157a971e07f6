/// Appends the registry cache's binary fields: little-endian integers, doubles bit for bit, strings and arrays with
/// a length first (see `CacheCodable`).
struct CacheWriter {
  /// The bytes so far.
  var bytes: [UInt8] = []

  mutating func u8(_ value: UInt8) { bytes.append(value) }

  mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

  mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

  mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }

  mutating func f64(_ value: Double) { u64(value.bitPattern) }

  mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

  mutating func string(_ value: String) {
    var text = value
    text.withUTF8 { utf8 in
      u32(UInt32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func optional(_ value: String?) {
    bool(value != nil)
    if let value { string(value) }
  }

  mutating func strings(_ values: [String]) {
    u32(UInt32(values.count))
    for value in values { string(value) }
  }

  /// Appends a detail section: what `write` appends, after its length in bytes, so a reader that does not need it
  /// (`CacheReader.skipsDetails`) steps over it without decoding.
  mutating func detail(_ write: (inout CacheWriter) -> Void) {
    let lengthOffset = bytes.count
    u64(0)
    write(&self)
    let length = UInt64(bytes.count - lengthOffset - 8).littleEndian
    withUnsafeBytes(of: length) { bytes.replaceSubrange(lengthOffset..<lengthOffset + 8, with: $0) }
  }

  mutating func array<Element: CacheCodable>(_ values: [Element]) {
    u32(UInt32(values.count))
    for value in values { value.write(to: &self) }
  }
}
