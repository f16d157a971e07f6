/// Every plugin the host found, what they register, and the files that failed, with name lookup.
///
/// Lookup rules: when one plugin id is installed in several versions, the newest (semantic version order) answers
/// for unqualified and unpinned names, `@version` pins one, and `list` shows all. A short id registered by two
/// different plugins is ambiguous and must be qualified (`plugin-id/id`).
public struct PluginRegistry: Sendable {
  /// Loaded plugins in discovery order (all versions).
  public var plugins: [LoadedPlugin]
  /// Files that could not be loaded, in discovery order.
  public var failures: [PluginFailure]
  /// The search path that was scanned.
  public var searchPath: PluginSearchPath

  /// Creates a registry from plugins already known (`validate`'s one plugin; `load` starts from an empty one).
  public init(plugins: [LoadedPlugin], failures: [PluginFailure], searchPath: PluginSearchPath) {
    self.plugins = []
    self.failures = failures
    self.searchPath = searchPath
    for plugin in plugins { add(plugin) }
  }

  /// Discovers every plugin on a search path and loads each into this process (library users and tests; the
  /// `catalogue` command scans in child processes instead, see `scan(_:options:)`).
  public static func load(from searchPath: PluginSearchPath, allowInsecure: Bool = false) -> PluginRegistry {
    let (candidates, discoveryFailures) = PluginDiscovery.candidates(on: searchPath)
    var registry = PluginRegistry(plugins: [], failures: discoveryFailures, searchPath: searchPath)
    for candidate in candidates {
      switch PluginLoader.load(candidate, allowInsecure: allowInsecure) {
      case .loaded(let plugin): registry.add(plugin)
      case .failed(let failure): registry.failures.append(failure)
      case .skipped: break
      }
    }
    return registry
  }

  /// Discovers every plugin on a search path without running plugin code in this process: each file is scanned
  /// in a child (or answered from the registry cache), and the plugins it finds carry metadata only; their files
  /// are loaded later, by the process that runs them. Returns the registry and a warning if the cache could not
  /// be written.
  public static func scan(_ searchPath: PluginSearchPath, options: ScanOptions) -> (
    registry: PluginRegistry, warning: String?
  ) {
    let (candidates, discoveryFailures) = PluginDiscovery.candidates(on: searchPath)
    var registry = PluginRegistry(plugins: [], failures: discoveryFailures, searchPath: searchPath)
    var cache = RegistryCache.load(path: options.cachePath)
    var security = SecurityVerdicts()
    for candidate in candidates {
      let (outcome, remembered) = PluginScanner.scan(candidate, options: options, cache: &cache, security: &security)
      switch outcome {
      case .plugin(let info):
        registry.add(LoadedPlugin(info: info, file: candidate.realPath!, origin: candidate.origin, raw: nil))
      case .notPlugin(let reason):
        if candidate.origin != .executableFolder {
          registry.failures.append(PluginFailure(file: candidate.path, reason: reason))
        }
      case .failed(let reason):
        registry.failures.append(PluginFailure(file: candidate.path, reason: reason, remembered: remembered))
      }
    }
    return (registry, cache.save())
  }

  /// Adds a plugin; a second file with the same id and version is recorded as a failure (the first one wins).
  public mutating func add(_ plugin: LoadedPlugin) {
    if let first = plugins.first(where: { $0.info.id == plugin.info.id && $0.info.version == plugin.info.version }) {
      failures.append(
        PluginFailure(
          file: plugin.file,
          reason: "duplicate of \(plugin.label), already loaded from \(first.file); remove one of the two"))
      return
    }
    plugins.append(plugin)
  }

  /// The plugins that answer unpinned lookups: the newest version of each id, in discovery order.
  public var activePlugins: [LoadedPlugin] {
    var newest: [String: LoadedPlugin] = [:]
    for plugin in plugins where newest[plugin.info.id].map({ $0.info.version < plugin.info.version }) ?? true {
      newest[plugin.info.id] = plugin
    }
    var seen = Set<String>()
    return plugins.compactMap { plugin in
      seen.insert(plugin.info.id).inserted ? newest[plugin.info.id] : nil
    }
  }

  /// True if a newer version of the same plugin id is installed.
  public func isShadowed(_ plugin: LoadedPlugin) -> Bool {
    plugins.contains { $0.info.id == plugin.info.id && plugin.info.version < $0.info.version }
  }

  /// The plugin with an id (the newest, or the pinned version).
  public func plugin(id: String, version: SemanticVersion? = nil) throws(CatalogueError) -> LoadedPlugin {
    let versions = plugins.filter { $0.info.id == id }
    guard !versions.isEmpty else {
      let ids = activePlugins.map(\.info.id)
      throw .usage(
        "no plugin '\(EchoedText.show(id))' is installed\(NameSuggestion.hint(for: id, in: ids)) (plugins: "
          + "\(ids.isEmpty ? "none" : ids.joined(separator: ", ")); see 'catalogue list')")
    }
    guard let version else { return versions.max { $0.info.version < $1.info.version }! }
    guard let match = versions.first(where: { $0.info.version == version }) else {
      let installed = versions.map { "\($0.info.version)" }.joined(separator: ", ")
      throw .usage("plugin \(id) has no version \(version) installed (installed: \(installed))")
    }
    return match
  }

  /// The plugins a reference may resolve in: the named plugin, or every active plugin (pinned to a version if the
  /// reference has one).
  private func scope(for reference: EntryReference) throws(CatalogueError) -> [LoadedPlugin] {
    if let pluginID = reference.pluginID { return [try plugin(id: pluginID, version: reference.version)] }
    if let version = reference.version { return plugins.filter { $0.info.version == version } }
    return activePlugins
  }

  /// Resolves an algorithm reference.
  public func algorithm(_ reference: EntryReference) throws(CatalogueError) -> AlgorithmHandle {
    let matches = try scope(for: reference).compactMap { plugin in
      plugin.info.algorithms.firstIndex { $0.id == reference.id }.map { AlgorithmHandle(plugin: plugin, index: $0) }
    }
    if matches.count == 1 { return matches[0] }
    throw notFound(
      "algorithm", reference, matches: matches.map(\.plugin), ids: { $0.info.algorithms.map(\.id) })
  }

  /// Resolves a problem reference. An unqualified id is looked up first in `preferred` (the algorithm's own
  /// plugin), so an algorithm's `default_problem` and `--problem` find the problem that ships with it.
  public func problem(_ reference: EntryReference, preferring preferred: LoadedPlugin? = nil) throws(CatalogueError)
    -> ProblemHandle
  {
    if reference.pluginID == nil && reference.version == nil, let preferred,
      let index = preferred.info.problems.firstIndex(where: { $0.id == reference.id })
    {
      return ProblemHandle(plugin: preferred, index: index)
    }
    let matches = try scope(for: reference).compactMap { plugin in
      plugin.info.problems.firstIndex { $0.id == reference.id }.map { ProblemHandle(plugin: plugin, index: $0) }
    }
    if matches.count == 1 { return matches[0] }
    throw notFound("problem", reference, matches: matches.map(\.plugin), ids: { $0.info.problems.map(\.id) })
  }

  /// The error for a reference that matched several plugins (an id two plugins register: each is named with its
  /// file, and the qualified forms are spelled out) or none (the installed versions of the plugins that have the
  /// id when a missing version was pinned; otherwise the nearest id and the known ones).
  private func notFound(
    _ what: String, _ reference: EntryReference, matches: [LoadedPlugin], ids: (LoadedPlugin) -> [String]
  ) -> CatalogueError {
    let id = reference.id
    if matches.count > 1 {
      let owners = matches.map { "\($0.label) (\($0.file))" }.joined(separator: " and ")
      let qualified = matches.map { "\($0.info.id)/\(id)" }.joined(separator: " or ")
      return .usage(
        "\(what) '\(id)' is registered by \(matches.count) plugins, \(owners); name one with its plugin id: "
          + qualified)
    }
    if reference.pluginID == nil, let version = reference.version {
      let having = plugins.filter { ids($0).contains(id) }
      if !having.isEmpty {
        let installed = having.map(\.label).joined(separator: ", ")
        return .usage(
          "no installed plugin with \(what) '\(id)' has version \(version) (installed: \(installed)); write "
            + "\(id)@VERSION with one of these versions, or \(id) for the newest")
      }
    }
    let known = Set(activePlugins.flatMap(ids)).sorted()
    let list = known.isEmpty ? "none installed" : known.joined(separator: ", ")
    return .usage(
      "no \(what) '\(EchoedText.show(reference.description))'\(NameSuggestion.hint(for: id, in: known)) "
        + "(\(what)s: \(list); see 'catalogue list')" + failureHint)
  }

  /// A hint appended to "not found" errors when some plugins failed to load (the entry may live in one of them):
  /// up to three are named with their reason (a refused insecure file, a crash while loading), more are counted.
  public var failureHint: String {
    if failures.isEmpty { return "" }
    if failures.count > 3 { return "; \(failures.count) plugin file(s) failed to load, see 'catalogue list'" }
    let named = failures.map {
      "\(FileSystem.fileName(of: $0.file)) was not loaded: \(String($0.reason.prefix(300)))"
        + ($0.remembered ? RegistryCache.rememberedNote : "")
    }
    return "; " + named.joined(separator: "; ")
  }
}
