/// The registry cache: what scanning found for each plugin file, so that a warm `catalogue list` opens no plugin.
///
/// Entries are keyed by `FileIdentity` (real path, size, modification time to the nanosecond, inode): a file is
/// answered from the cache only while all four are unchanged, so a rebuild, copy, edit or `touch` rescans it. What
/// this misses is a file rewritten in place, by the same inode, to the same size, within one tick of the file
/// system's clock (`--rescan` covers that). The file as a whole is valid only for the cache format, the host's ABI
/// version and the host version that wrote it. It is binary (`CacheCodable`) and each entry is decoded only when a
/// file on the search path asks for it, so entries of other build folders cost no decoding; writing drops every
/// entry whose file no longer exists or has changed since it was scanned. It is written to a temporary name and
/// renamed, so a reader never sees half a cache, and a damaged cache is simply ignored.
public struct RegistryCache: Sendable {
  /// Version of the cache layout; a different one invalidates the whole file. 5: binary, entries decoded on demand,
  /// parameters and experiments' runs and claims in detail sections a summary read steps over (4 had no detail
  /// sections, 3 lacked the full-only flags, 2 was Codable JSON, 1 hand-written JSON).
  public static let format: UInt32 = 5

  /// Appended to a failure answered from the cache: the reason was recorded by an earlier scan, and `--rescan`
  /// (every command takes it) scans the file again if the cache is stale or damaged.
  public static let rememberedNote =
    " (remembered by the registry cache from an earlier scan; add --rescan to scan it again)"

  /// The first bytes of a cache file.
  static let magic = Array("catalogue-registry\n".utf8)

  /// Where the cache lives, or nil for no cache (nothing is read or written).
  public var path: String?
  /// Each file's identity and its outcome, encoded (from the file, or stored by this process).
  private var entries: [String: (identity: FileIdentity, outcome: ArraySlice<UInt8>)] = [:]
  private var changed = false

  /// An empty cache that will be written to `path`.
  public init(path: String?) {
    self.path = path
  }

  /// `$XDG_CACHE_HOME/catalogue/registry.bin`, else `~/.cache/catalogue/registry.bin`.
  public static func defaultPath(environment: [String: String]) -> String {
    let base: String
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      base = xdg
    } else {
      base = FileSystem.join(environment["HOME"] ?? "/root", ".cache")
    }
    return FileSystem.join(base, "catalogue/registry.bin")
  }

  /// Reads the cache at `path`; a missing, damaged or outdated file gives an empty cache.
  public static func load(path: String?) -> RegistryCache {
    var cache = RegistryCache(path: path)
    guard let path, let bytes = try? FileSystem.readRegularFile(path, limit: 1 << 30, role: "registry cache") else {
      return cache
    }
    if let entries = try? Self.index(bytes) { cache.entries = entries }
    return cache
  }

  /// The entries of a cache file, their outcomes left encoded.
  private static func index(_ bytes: [UInt8]) throws(CacheReader.Damaged) -> [String: (
    identity: FileIdentity, outcome: ArraySlice<UInt8>
  )] {
    guard bytes.starts(with: magic) else { throw CacheReader.Damaged() }
    let ranges = bytes.withUnsafeBytes { memory -> [(FileIdentity, Range<Int>)]? in
      do throws(CacheReader.Damaged) {
        var reader = CacheReader(memory, from: magic.count)
        guard try reader.u32() == format, try reader.string() == CatalogueVersion.abi,
          try reader.string() == CatalogueVersion.host
        else { return nil }
        let count = Int(try reader.u32())
        var ranges: [(FileIdentity, Range<Int>)] = []
        for _ in 0..<count {
          let identity = try FileIdentity(from: &reader)
          let length = Int(truncatingIfNeeded: try reader.u64())
          let start = reader.offset
          try reader.skip(length)
          ranges.append((identity, start..<start + length))
        }
        return reader.isAtEnd ? ranges : nil
      } catch {
        return nil
      }
    }
    guard let ranges else { throw CacheReader.Damaged() }
    var entries: [String: (identity: FileIdentity, outcome: ArraySlice<UInt8>)] = [:]
    for (identity, range) in ranges { entries[identity.realPath] = (identity, bytes[range]) }
    return entries
  }

  /// The remembered outcome for a file, if it was scanned in exactly this state. With `summaryOnly`, the
  /// parameters of algorithms and problems and the runs and claims of experiments are left empty (not decoded):
  /// `list`'s tables show none of them (`ScanOptions.summariesOnly`).
  func outcome(for identity: FileIdentity, summaryOnly: Bool = false) -> ScanOutcome? {
    guard let entry = entries[identity.realPath], entry.identity == identity else { return nil }
    return entry.outcome.withUnsafeBytes { memory in
      var reader = CacheReader(memory, skipsDetails: summaryOnly)
      guard let outcome = try? ScanOutcome(from: &reader), reader.isAtEnd else { return nil }
      return outcome
    }
  }

  /// Remembers an outcome.
  mutating func store(_ outcome: ScanOutcome, for identity: FileIdentity) {
    var writer = CacheWriter()
    outcome.write(to: &writer)
    if let entry = entries[identity.realPath], entry.identity == identity, entry.outcome.elementsEqual(writer.bytes) {
      return
    }
    entries[identity.realPath] = (identity, writer.bytes[...])
    changed = true
  }

  /// Decodes every entry and counts those that decode whole: a check of a cache file as a whole (the fuzz target
  /// in Fuzz/ feeds it damaged files), where lookups decode only the entries asked for.
  public func decodableCount() -> Int {
    entries.values.filter { outcome(for: $0.identity) != nil }.count
  }

  /// Number of remembered files.
  public var count: Int { entries.count }

  /// Writes the cache if anything changed, dropping entries whose file is gone or changed. A cache that cannot be
  /// written is not an error (the next run scans again); the reason is returned for a warning.
  @discardableResult
  public mutating func save() -> String? {
    guard let path, changed else { return nil }
    var kept: [(FileIdentity, ArraySlice<UInt8>)] = []
    for realPath in entries.keys.sorted() {
      let entry = entries[realPath]!
      guard FileIdentity.of(realPath) == entry.identity else { continue }
      kept.append((entry.identity, entry.outcome))
    }
    var writer = CacheWriter()
    writer.bytes = Self.magic
    writer.u32(Self.format)
    writer.string(CatalogueVersion.abi)
    writer.string(CatalogueVersion.host)
    writer.u32(UInt32(kept.count))
    for (identity, outcome) in kept {
      identity.write(to: &writer)
      writer.u64(UInt64(outcome.count))
      writer.bytes.append(contentsOf: outcome)
    }
    do {
      try FileSystem.makeDirectories(FileSystem.directory(of: path))
      try FileSystem.writeAtomically(writer.bytes, to: path)
    } catch {
      return "cannot write the plugin cache \(path): \(error.message)"
    }
    changed = false
    return nil
  }
}
