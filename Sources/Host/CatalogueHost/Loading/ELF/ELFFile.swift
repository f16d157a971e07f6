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

  /// Reads and parses the file at `path`, reading only the ELF header, the section header table, `.dynsym` and
  /// its string table (a few kilobytes of a plugin of several megabytes).
  public init(contentsOf path: String) throws(ELFError) {
    let file = try ELFSource.File(path)
    defer { file.close() }
    try self.init(source: ELFSource(size: file.size, read: file.read))
  }

  /// Parses an in-memory image (tests use this for junk and truncated input).
  public init(bytes: [UInt8]) throws(ELFError) {
    try self.init(
      source: ELFSource(size: UInt64(bytes.count)) { offset, count in Array(bytes[Int(offset)..<Int(offset) + count]) })
  }

  private init(source: ELFSource) throws(ELFError) {
    let header = try source.window(0, min(source.size, 64))
    let bytes = header.bytes
    guard bytes.count >= 4, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
      throw .notELF
    }
    guard bytes.count >= 64 else { throw .truncated("ELF header") }
    guard bytes[4] == 2 else { throw bytes[4] == 1 ? .notSixtyFourBit : .notELF }
    guard bytes[5] == 1 else { throw bytes[5] == 2 ? .bigEndian : .notELF }
    fileType = header.u16(16)
    machine = header.u16(18)
    guard fileType == 3 else { throw .notSharedLibrary(fileType) }
    guard machine == Self.hostMachine else { throw .wrongMachine(Self.machineName(machine)) }
    dynamicSymbols = try Self.readDynamicSymbols(header, source)
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

  /// Finds `.dynsym` through the section headers and decodes its entries with names from the linked string table,
  /// reading each structure from `source` once its bounds are checked against the file's size.
  private static func readDynamicSymbols(_ elfHeader: ByteReader, _ source: ELFSource) throws(ELFError) -> [ELFSymbol] {
    let sectionOffset = elfHeader.u64(40)
    let entrySize = Int(elfHeader.u16(58))
    var sectionCount = UInt64(elfHeader.u16(60))
    guard sectionOffset != 0 else { throw .noDynamicSymbols }
    guard entrySize >= 64 else { throw .truncated("section header table") }
    if sectionCount == 0 {
      // Extended numbering: the real count is in the first section header's sh_size.
      guard source.contains(sectionOffset, 64) else { throw .truncated("section header table") }
      sectionCount = try source.window(sectionOffset, 64).u64(32)
    }
    guard sectionCount <= source.size, source.contains(sectionOffset, sectionCount * UInt64(entrySize)) else {
      throw .truncated("section header table")
    }
    let sections = try source.window(sectionOffset, sectionCount * UInt64(entrySize))
    func header(_ index: UInt64) -> Int { Int(index) * entrySize }
    var dynsym: Int?
    for index in 0..<sectionCount where sections.u32(header(index) + 4) == 11 {
      dynsym = header(index)
      break
    }
    guard let symbols = dynsym else { throw .noDynamicSymbols }
    let link = UInt64(sections.u32(symbols + 40))
    guard link < sectionCount else { throw .truncated(".dynsym's string table") }
    let strings = header(link)
    let stringOffset = sections.u64(strings + 24)
    let stringSize = sections.u64(strings + 32)
    guard source.contains(stringOffset, stringSize) else { throw .truncated(".dynstr") }
    let tableOffset = sections.u64(symbols + 24)
    let tableSize = sections.u64(symbols + 32)
    let symbolSize = max(sections.u64(symbols + 56), 24)
    guard source.contains(tableOffset, tableSize) else { throw .truncated(".dynsym") }
    var result: [ELFSymbol] = []
    let count = tableSize / symbolSize
    guard count > 1 else { return result }
    let names = try source.window(stringOffset, stringSize)
    let table = try source.window(tableOffset, tableSize)
    result.reserveCapacity(Int(count - 1))
    for index in 1..<count {
      let entry = Int(index * symbolSize)
      let nameOffset = UInt64(table.u32(entry))
      guard nameOffset < max(stringSize, 1) else { throw .truncated("a symbol name") }
      let info = table.u8(entry + 4)
      let name = names.cString(at: Int(nameOffset), end: Int(stringSize))
      result.append(
        ELFSymbol(
          name: name, binding: info >> 4, type: info & 0xF, visibility: table.u8(entry + 5) & 3,
          sectionIndex: table.u16(entry + 6)))
    }
    return result
  }
}
