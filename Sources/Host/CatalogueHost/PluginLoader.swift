import CCatalogue

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads one candidate file: checks its symbols without running it, `dlopen`s it, calls its entry point with the
/// host's ABI version and services, checks the plugin's ABI version and copies its descriptors.
///
/// Libraries are opened with `RTLD_NOW | RTLD_LOCAL` (unresolved symbols fail now, not mid-run; two plugins never
/// see each other's symbols) and never closed: unloading Swift images is unsafe, and descriptors must live for the
/// process.
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

  /// Loads a candidate.
  public static func load(_ candidate: PluginCandidate) -> Outcome {
    let path = candidate.path
    func fail(_ reason: String) -> Outcome { .failed(PluginFailure(file: path, reason: reason)) }
    guard let real = candidate.realPath else { return fail("cannot resolve the path (a dangling symbolic link?)") }
    let elf: ELFFile
    do {
      elf = try ELFFile(contentsOf: real)
    } catch {
      return fail(error.description)
    }
    guard elf.exports(CAT_ENTRY_SYMBOL) else {
      if candidate.origin == .executableFolder { return .skipped }
      return fail("no symbol \(CAT_ENTRY_SYMBOL): not a catalogue plugin")
    }
    _ = dlerror()
    guard let handle = dlopen(real, RTLD_NOW | RTLD_LOCAL) else {
      return fail(dlerror().map { String(cString: $0) } ?? "dlopen failed without a message")
    }
    guard let symbol = dlsym(handle, CAT_ENTRY_SYMBOL) else {
      return fail(dlerror().map { String(cString: $0) } ?? "dlsym(\(CAT_ENTRY_SYMBOL)) failed without a message")
    }
    let entry = unsafeBitCast(symbol, to: Entry.self)
    ErrorSlot.clear()
    guard let descriptor = entry(CatalogueVersion.abiMajor, CatalogueVersion.abiMinor, HostServices.table) else {
      return fail(ErrorSlot.take() ?? "entry returned NULL without a reason")
    }
    ErrorSlot.clear()
    let raw = UnsafeRawPointer(descriptor)
    guard raw.loadUnaligned(as: UInt32.self) >= 12 else {
      return fail("plugin descriptor's struct_size is too small to hold its ABI version")
    }
    let major = raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    let minor = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    if let problem = abiProblem(major: major, minor: minor) { return fail(problem) }
    do {
      let plugin = try DescriptorReader.copy(descriptor, as: cat_plugin.self, what: "plugin descriptor")
      let (info, descriptors) = try DescriptorReader.plugin(plugin)
      return .loaded(LoadedPlugin(info: info, file: real, origin: candidate.origin, raw: descriptors))
    } catch {
      return fail("invalid plugin descriptor: \(error.reason)")
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
