import CCatalogue
import Glibc

/// Loads one plugin file into this process: checks its symbols without running it, `dlopen`s it, calls its entry
/// point with the host's ABI version and services, checks the plugin's ABI version and copies its descriptors.
///
/// Libraries are opened with `RTLD_NOW | RTLD_LOCAL` (unresolved symbols fail now, not mid-run; two plugins never
/// see each other's symbols) and never closed: unloading Swift images is unsafe, and descriptors must live for the
/// process. The host itself only loads plugins this way in its child processes (the scanner and the run worker)
/// and for `run --in-process`; `PluginRegistry.load(from:)` does it for library users and tests.
public enum PluginLoader {
  /// What loading one candidate gave.
  public enum Outcome: Sendable {
    /// It loaded.
    case loaded(LoadedPlugin)
    /// It could not be used; the reason says why.
    case failed(PluginFailure)
    /// Not a plugin, in the executable's folder where other libraries are expected: skipped silently.
    case skipped
  }

  /// The entry point's C type.
  typealias Entry = @convention(c) (UInt32, UInt32, UnsafePointer<cat_host_api>?) -> UnsafePointer<cat_plugin>?

  /// Loads a candidate into this process.
  public static func load(_ candidate: PluginCandidate, allowInsecure: Bool = false) -> Outcome {
    let path = candidate.path
    guard let real = candidate.realPath else {
      return .failed(PluginFailure(file: path, reason: "cannot resolve the path (a dangling symbolic link?)"))
    }
    if !allowInsecure, let problem = PluginFileSecurity.problem(realPath: real, searchedFolder: candidate.folder) {
      return .failed(PluginFailure(file: path, reason: PluginFileSecurity.refusal(problem)))
    }
    switch open(real) {
    case .success(let (info, raw)):
      return .loaded(LoadedPlugin(info: info, file: real, origin: candidate.origin, raw: raw))
    case .failure(.notPlugin(let reason)):
      return candidate.origin == .executableFolder ? .skipped : .failed(PluginFailure(file: path, reason: reason))
    case .failure(.failed(let reason)):
      return .failed(PluginFailure(file: path, reason: reason))
    }
  }

  /// Why a file did not open as a plugin.
  package enum OpenFailure: Error {
    /// A library without the entry symbol (skipped silently in the executable's folder).
    case notPlugin(String)
    /// Anything else.
    case failed(String)
  }

  /// Reads a file's ELF symbols without running it: the checks that need no child process.
  static func inspect(_ realPath: String) -> OpenFailure? {
    let elf: ELFFile
    do {
      elf = try ELFFile(contentsOf: realPath)
    } catch {
      return .failed(error.description)
    }
    guard elf.exports(CAT_ENTRY_SYMBOL) else {
      return .notPlugin("no symbol \(CAT_ENTRY_SYMBOL): not a catalogue plugin")
    }
    return nil
  }

  /// Opens a file in this process and copies its descriptors.
  static func open(_ realPath: String) -> Result<(PluginInfo, RawPlugin), OpenFailure> {
    if let failure = inspect(realPath) { return .failure(failure) }
    let descriptor: UnsafePointer<cat_plugin>
    switch entryDescriptor(realPath, major: CatalogueVersion.abiMajor, minor: CatalogueVersion.abiMinor) {
    case .success(let pointer): descriptor = pointer
    case .failure(let failure): return .failure(failure)
    }
    return read(descriptor)
  }

  /// Reads a plugin descriptor tree in this process's memory, as a scan does once the entry point returned it.
  public static func readDescriptors(_ descriptor: UnsafeRawPointer) -> ScanOutcome {
    switch read(descriptor.assumingMemoryBound(to: cat_plugin.self)) {
    case .success(let (info, _)): return .plugin(info)
    case .failure(.notPlugin(let reason)): return .notPlugin(reason)
    case .failure(.failed(let reason)): return .failed(reason)
    }
  }

  /// Checks the ABI version a descriptor states, then copies the tree under it (`DescriptorReader`); the fuzz
  /// target Fuzz/Sources/FuzzDescriptor feeds this trees built from random bytes.
  static func read(_ descriptor: UnsafePointer<cat_plugin>) -> Result<(PluginInfo, RawPlugin), OpenFailure> {
    let raw = UnsafeRawPointer(descriptor)
    guard raw.loadUnaligned(as: UInt32.self) >= 12 else {
      return .failure(.failed("plugin descriptor's struct_size is too small to hold its ABI version"))
    }
    let major = raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    let minor = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    if let problem = abiProblem(major: major, minor: minor) { return .failure(.failed(problem)) }
    do {
      let plugin = try DescriptorReader.copy(descriptor, as: cat_plugin.self, what: "plugin descriptor")
      return .success(try DescriptorReader.plugin(plugin))
    } catch {
      return .failure(.failed("invalid plugin descriptor: \(error.reason)"))
    }
  }

  /// `dlopen`s a file and calls its entry point with a given host version; the failure carries `dlerror()` or the
  /// plugin's own reason verbatim.
  package static func entryDescriptor(_ realPath: String, major: UInt32, minor: UInt32) -> Result<
    UnsafePointer<cat_plugin>, OpenFailure
  > {
    _ = dlerror()
    guard let handle = dlopen(realPath, RTLD_NOW | RTLD_LOCAL) else {
      return .failure(.failed(dlerror().map { String(cString: $0) } ?? "dlopen failed without a message"))
    }
    guard let symbol = dlsym(handle, CAT_ENTRY_SYMBOL) else {
      let message = dlerror().map { String(cString: $0) } ?? "dlsym(\(CAT_ENTRY_SYMBOL)) failed without a message"
      return .failure(.failed(message))
    }
    let entry = unsafeBitCast(symbol, to: Entry.self)
    ErrorSlot.clear()
    guard let descriptor = entry(major, minor, HostServices.table) else {
      return .failure(.failed(ErrorSlot.take() ?? "entry returned NULL without a reason"))
    }
    ErrorSlot.clear()
    return .success(descriptor)
  }

  /// Scans a file in this process, as the scanner child does: the outcome is plain data for the host.
  static func scan(_ realPath: String) -> ScanOutcome {
    switch open(realPath) {
    case .success(let (info, _)): return .plugin(info)
    case .failure(.notPlugin(let reason)): return .notPlugin(reason)
    case .failure(.failed(let reason)): return .failed(reason)
    }
  }

  /// The C descriptors of a plugin known from a scan (or the cache), loading its file into this process. The file
  /// must still describe exactly the plugin that was scanned, or the run would use stale parameter schemas.
  static func descriptors(of plugin: LoadedPlugin) throws(CatalogueError) -> RawPlugin {
    if let raw = plugin.raw { return raw }
    switch open(plugin.file) {
    case .success(let (info, raw)):
      guard info.fingerprint == plugin.info.fingerprint else {
        throw .pluginLoad(
          "plugin file \(plugin.file) no longer matches the registry cache's record of \(plugin.label) (the file "
            + "was rebuilt since it was scanned, or the cache entry is damaged); add --rescan to scan it again")
      }
      return raw
    case .failure(.notPlugin(let reason)), .failure(.failed(let reason)):
      throw .pluginLoad("plugin \(plugin.label) failed to load from \(plugin.file): \(reason)")
    }
  }

  /// The message for a plugin built against an ABI this host cannot use, or nil if it is compatible.
  public static func abiProblem(major: UInt32, minor: UInt32) -> String? {
    let host = CatalogueVersion.self
    if major != host.abiMajor {
      return "built for catalogue ABI \(major).\(minor), this host speaks \(host.abi): rebuild the plugin against "
        + "catalogue.h \(host.abiMajor).x"
    }
    if minor > host.abiMinor {
      return "built for catalogue ABI \(major).\(minor), this host speaks \(host.abi): upgrade catalogue to a "
        + "version that speaks ABI \(major).\(minor), or rebuild the plugin against catalogue.h \(host.abi)"
    }
    return nil
  }
}
