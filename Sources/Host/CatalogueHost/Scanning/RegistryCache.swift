/// The registry cache: what scanning found for each plugin file, so that a warm `catalogue list` opens no plugin.
///
/// Entries are keyed by `FileIdentity` (real path, size, modification time, inode); the file as a whole is valid
/// only for the cache format, the host's ABI version and the host version that wrote it. It is written to a
/// temporary name and renamed, so a reader never sees half a cache, and a damaged cache is simply ignored.
public struct RegistryCache: Sendable {
  /// Version of the cache layout (the Codable form of `ScanOutcome` and `PluginInfo`); a different one
  /// invalidates the whole file. 2: Codable layout (1 was hand-written).
  public static let format = 2

  /// Appended to a failure answered from the cache: the reason was recorded by an earlier scan, and `--rescan`
  /// (every command takes it) scans the file again if the cache is stale or damaged.
  public static let rememberedNote =
    " (remembered by the registry cache from an earlier scan; add --rescan to scan it again)"

  /// The file as written.
  private struct Document: Codable {
    struct Entry: Codable {
      var identity: FileIdentity
      var outcome: ScanOutcome
    }

    var format: Int
    var abi: String
    var host: String
    var entries: [Entry]
  }

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
    guard let path, FileSystem.kind(of: path) == .file, let bytes = try? FileSystem.readBytes(path),
      let document = try? JSONCoding.decode(Document.self, from: bytes), document.format == format,
      document.abi == CatalogueVersion.abi, document.host == CatalogueVersion.host
    else { return cache }
    for entry in document.entries { cache.entries[entry.identity.realPath] = (entry.identity, entry.outcome) }
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
    var kept: [Document.Entry] = []
    for realPath in entries.keys.sorted() {
      let entry = entries[realPath]!
      guard FileIdentity.of(realPath) == entry.identity else { continue }
      kept.append(.init(identity: entry.identity, outcome: entry.outcome))
    }
    let document = Document(format: Self.format, abi: CatalogueVersion.abi, host: CatalogueVersion.host, entries: kept)
    do {
      try FileSystem.makeDirectories(FileSystem.directory(of: path))
      try FileSystem.writeAtomically(try JSONCoding.encode(document), to: path)
    } catch let error as CatalogueError {
      return "cannot write the plugin cache \(path): \(error.message)"
    } catch {
      return "cannot write the plugin cache \(path): \(error)"
    }
    changed = false
    return nil
  }
}
