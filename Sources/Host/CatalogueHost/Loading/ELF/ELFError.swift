/// Why a candidate plugin file could not be read as a 64-bit ELF shared library.
///
/// Each case turns into the one-line reason `catalogue list` prints next to the file, so a user can tell a stray
/// text file from a 32-bit build or a truncated download without running a debugger.
public enum ELFError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read; the payload is the system's reason (`strerror`).
  case unreadable(String)
  /// The file is a directory, not a file.
  case isDirectory
  /// The file does not start with the ELF magic number.
  case notELF
  /// A 32-bit ELF file: plugins must be built for the host's 64-bit architecture.
  case notSixtyFourBit
  /// A big-endian ELF file, which this little-endian host cannot load.
  case bigEndian
  /// A structure points outside the file; the payload names the structure.
  case truncated(String)
  /// An ELF file that is not a shared library (an executable or an object file); the payload is `e_type`.
  case notSharedLibrary(UInt16)
  /// A shared library built for another processor; the payload names it.
  case wrongMachine(String)
  /// A shared library without a `.dynsym` section, so no symbol can be looked up.
  case noDynamicSymbols

  public var description: String {
    switch self {
    case .unreadable(let reason): return "cannot read file: \(reason)"
    case .isDirectory: return "is a directory, not a shared library file"
    case .notELF: return "not an ELF file (a catalogue plugin is a shared library built for this machine)"
    case .notSixtyFourBit: return "32-bit ELF file: rebuild the plugin for \(ELFFile.machineName(ELFFile.hostMachine))"
    case .bigEndian: return "big-endian ELF file: rebuild the plugin for \(ELFFile.machineName(ELFFile.hostMachine))"
    case .truncated(let what): return "truncated or corrupt ELF file (\(what) lies outside the file)"
    case .notSharedLibrary(let type):
      let kind = type == 1 ? "an object file" : type == 2 ? "an executable" : "ELF type \(type)"
      return "\(kind), not a shared library: build the plugin with -shared"
    case .wrongMachine(let name):
      return "built for \(name), this host is \(ELFFile.machineName(ELFFile.hostMachine)): rebuild the plugin"
    case .noDynamicSymbols: return "shared library without a dynamic symbol table (.dynsym)"
    }
  }
}
