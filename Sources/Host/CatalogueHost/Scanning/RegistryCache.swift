/// The registry cache: what scanning found for each plugin file, so that a warm `catalogue list` opens no plugin.
///
/// Entries are keyed by `FileIdentity` (real path, size, modification time, inode); the file as a whole is valid
/// only for the cache format, the host's ABI version and the host version that wrote it. It is written to a
/// temporary name and renamed, so a reader never sees half a cache, and a damaged cache is simply ignored.
public struct RegistryCache: Sendable {
  /// Version of the cache layout (and of `PluginInfoCodec`'s); a different one invalidates the whole file.
  public static let format = 1

  /// Where the cache lives, or nil for no cache (nothing is read or written).
  public var path: String?
  private var entries: [String: (identity: FileIdentity, outcome: ScanOutcome)] = [:]
  private var changed = false

  /// An empty cache that will be written to `path`.
  public init(path: String?) {
    self.path = path
  }

  /// `$XDG_CACHE_HOME/catalogue/registry.json`, else `~/.cache/catalogue/registry.json`.
  public static func defaultPath(environment: [String: String]) -> String {
    let base: String
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      base = xdg
    } else {
      base = FileSystem.join(environment["HOME"] ?? "/root", ".cache")
    }
    return FileSystem.join(base, "catalogue/registry.json")
  }

  /// Reads the cache at `path`; a missing, damaged or outdated file gives an empty cache.
  public static func load(path: String?) -> RegistryCache {
    var cache = RegistryCache(path: path)
    guard let path, FileSystem.kind(of: path) == .file, let text = try? FileSystem.readText(path),
      let document = try? JSONParser.parse(text), let fields = try? JSONFields(document),
      (try? fields.uint64("format")) == UInt64(format), (try? fields.uint64("codec")) == UInt64(PluginInfoCodec.format),
      (try? fields.string("abi")) == CatalogueVersion.abi, (try? fields.string("host")) == CatalogueVersion.host,
      let entries = try? fields.objects("entries")
    else { return cache }
    for entry in entries {
      guard let identity = try? FileIdentity(fields: entry), let result = entry.members["result"],
        let outcome = try? ScanOutcome(json: result)
      else { continue }
      cache.entries[identity.realPath] = (identity, outcome)
    }
    return cache
  }

  /// The remembered outcome for a file, if it was scanned in exactly this state.
  func outcome(for identity: FileIdentity) -> ScanOutcome? {
    guard let entry = entries[identity.realPath], entry.identity == identity else { return nil }
    return entry.outcome
  }

  /// Remembers an outcome.
  mutating func store(_ outcome: ScanOutcome, for identity: FileIdentity) {
    if let entry = entries[identity.realPath], entry.identity == identity, entry.outcome == outcome { return }
    entries[identity.realPath] = (identity, outcome)
    changed = true
  }

  /// Number of remembered files.
  public var count: Int { entries.count }

  /// Writes the cache if anything changed, dropping entries whose file is gone or changed. A cache that cannot be
  /// written is not an error (the next run scans again); the reason is returned for a warning.
  @discardableResult
  public mutating func save() -> String? {
    guard let path, changed else { return nil }
    var kept: [JSONValue] = []
    for realPath in entries.keys.sorted() {
      let entry = entries[realPath]!
      guard FileIdentity.of(realPath) == entry.identity else { continue }
      var members = entry.identity.json
      members["result"] = entry.outcome.json
      kept.append(.object(members))
    }
    let document = JSONValue.object([
      "format": .integer(Int64(Self.format)), "codec": .integer(Int64(PluginInfoCodec.format)),
      "abi": .string(CatalogueVersion.abi), "host": .string(CatalogueVersion.host), "entries": .array(kept),
    ])
    do {
      try FileSystem.makeDirectories(FileSystem.directory(of: path))
      try FileSystem.writeAtomically(Array(document.compactText.utf8), to: path)
    } catch {
      return "cannot write the plugin cache \(path): \(error.message)"
    }
    changed = false
    return nil
  }
}
