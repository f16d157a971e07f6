import Glibc

/// The parts of a 64-bit little-endian ELF shared library the host needs: its machine and its dynamic symbols.
///
/// Reading the symbol table first lets discovery tell a plugin (it exports `catalogue_plugin_entry`) from the other
/// libraries SwiftPM puts next to the executable without running any code from them, and gives clear reasons for
/// files that are not shared libraries at all. Only the ELF header, the section headers and `.dynsym`/`.dynstr`
/// are read.
public struct ELFFile: Sendable {
  /// `e_machine`: the processor the library was built for.
  public var machine: UInt16
  /// `e_type`: 3 for a shared library.
  public var fileType: UInt16
  /// Every entry of `.dynsym`, in file order (entry 0, the null symbol, is left out).
  public var dynamicSymbols: [ELFSymbol]

  /// Reads and parses the file at `path`.
  public init(contentsOf path: String) throws(ELFError) {
    try self.init(bytes: try Self.readFile(path))
  }

  /// Parses an in-memory image (tests use this for junk and truncated input).
  public init(bytes: [UInt8]) throws(ELFError) {
    let reader = ByteReader(bytes: bytes)
    guard bytes.count >= 4, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
      throw .notELF
    }
    guard bytes.count >= 64 else { throw .truncated("ELF header") }
    guard bytes[4] == 2 else { throw bytes[4] == 1 ? .notSixtyFourBit : .notELF }
    guard bytes[5] == 1 else { throw bytes[5] == 2 ? .bigEndian : .notELF }
    fileType = reader.u16(16)
    machine = reader.u16(18)
    guard fileType == 3 else { throw .notSharedLibrary(fileType) }
    guard machine == Self.hostMachine else { throw .wrongMachine(Self.machineName(machine)) }
    dynamicSymbols = try Self.readDynamicSymbols(reader)
  }

  /// Names of the symbols the library exports (defined, global or weak, default or protected visibility).
  public var exportedSymbols: [String] {
    dynamicSymbols.filter(\.isExported).map(\.name)
  }

  /// True if the library exports a symbol of that name.
  public func exports(_ name: String) -> Bool {
    dynamicSymbols.contains { $0.name == name && $0.isExported }
  }

  /// `e_machine` of the processor this host runs on.
  public static var hostMachine: UInt16 {
    #if arch(x86_64)
      return 62
    #elseif arch(arm64)
      return 183
    #elseif arch(riscv64)
      return 243
    #elseif arch(powerpc64le)
      return 21
    #else
      return 0
    #endif
  }

  /// A readable name for an `e_machine` value, for messages.
  public static func machineName(_ machine: UInt16) -> String {
    switch machine {
    case 3: return "i386"
    case 40: return "arm"
    case 21: return "ppc64"
    case 62: return "x86_64"
    case 183: return "aarch64"
    case 243: return "riscv64"
    default: return "machine \(machine)"
    }
  }

  /// Reads a whole file, with the system's reason on failure.
  static func readFile(_ path: String) throws(ELFError) -> [UInt8] {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; devices and FIFOs are refused below, before any read
    // (a FIFO would block `list` and `validate`, /dev/zero would never end).
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
    if (info.st_mode & S_IFMT) != S_IFREG { throw .unreadable("not a regular file (a device or FIFO)") }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(max(info.st_size, 0)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw errno == EISDIR ? .isDirectory : .unreadable(String(cString: strerror(errno)))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }

  /// Finds `.dynsym` through the section headers and decodes its entries with names from the linked string table.
  private static func readDynamicSymbols(_ reader: ByteReader) throws(ELFError) -> [ELFSymbol] {
    let sectionOffset = reader.u64(40)
    let entrySize = Int(reader.u16(58))
    var sectionCount = UInt64(reader.u16(60))
    guard sectionOffset != 0 else { throw .noDynamicSymbols }
    guard entrySize >= 64 else { throw .truncated("section header table") }
    if sectionCount == 0 {
      // Extended numbering: the real count is in the first section header's sh_size.
      guard reader.contains(sectionOffset, 64) else { throw .truncated("section header table") }
      sectionCount = reader.u64(Int(sectionOffset) + 32)
    }
    guard sectionCount <= UInt64(reader.bytes.count),
      reader.contains(sectionOffset, sectionCount * UInt64(entrySize))
    else {
      throw .truncated("section header table")
    }
    func header(_ index: UInt64) -> Int { Int(sectionOffset) + Int(index) * entrySize }
    var dynsym: Int?
    for index in 0..<sectionCount where reader.u32(header(index) + 4) == 11 {
      dynsym = header(index)
      break
    }
    guard let symbols = dynsym else { throw .noDynamicSymbols }
    let link = UInt64(reader.u32(symbols + 40))
    guard link < sectionCount else { throw .truncated(".dynsym's string table") }
    let strings = header(link)
    let stringOffset = reader.u64(strings + 24)
    let stringSize = reader.u64(strings + 32)
    guard reader.contains(stringOffset, stringSize) else { throw .truncated(".dynstr") }
    let tableOffset = reader.u64(symbols + 24)
    let tableSize = reader.u64(symbols + 32)
    let symbolSize = max(reader.u64(symbols + 56), 24)
    guard reader.contains(tableOffset, tableSize) else { throw .truncated(".dynsym") }
    var result: [ELFSymbol] = []
    let count = tableSize / symbolSize
    guard count > 1 else { return result }
    result.reserveCapacity(Int(count - 1))
    for index in 1..<count {
      let entry = Int(tableOffset + index * symbolSize)
      let nameOffset = UInt64(reader.u32(entry))
      guard nameOffset < max(stringSize, 1) else { throw .truncated("a symbol name") }
      let info = reader.u8(entry + 4)
      let name = reader.cString(at: Int(stringOffset + nameOffset), end: Int(stringOffset + stringSize))
      result.append(
        ELFSymbol(
          name: name, binding: info >> 4, type: info & 0xF, visibility: reader.u8(entry + 5) & 3,
          sectionIndex: reader.u16(entry + 6)))
    }
    return result
  }
}

/// Little-endian reads at byte offsets of an in-memory file; callers check bounds with `contains` first.
private struct ByteReader {
  let bytes: [UInt8]

  func contains(_ offset: UInt64, _ length: UInt64) -> Bool {
    let (end, overflow) = offset.addingReportingOverflow(length)
    return !overflow && end <= UInt64(bytes.count)
  }

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
