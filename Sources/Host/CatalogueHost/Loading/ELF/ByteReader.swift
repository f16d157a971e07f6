/// Little-endian reads at byte offsets of one structure read from the file; callers check bounds against the file
/// size (`ELFSource.contains`) before reading it.
struct ByteReader {
  let bytes: [UInt8]

  func u8(_ offset: Int) -> UInt8 { bytes[offset] }

  func u16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }

  func u32(_ offset: Int) -> UInt32 { UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16 }

  func u64(_ offset: Int) -> UInt64 { UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32 }

  func cString(at start: Int, end: Int) -> String {
    var stop = start
    while stop < end && bytes[stop] != 0 { stop += 1 }
    return String(decoding: bytes[start..<stop], as: UTF8.self)
  }
}
