import CatalogueHost

/// The experiments plugins declare, and lookup by reference (`[plugin-id/]experiment-id[@version]`), with the
/// same rules as algorithms: the newest version of a plugin answers, a version pins one, and an id declared by
/// two plugins must be qualified.
public enum ExperimentCatalog {
  /// An experiment and the plugin that declares it.
  public struct Entry: Sendable {
    /// The declaring plugin.
    public var plugin: LoadedPlugin
    /// The experiment.
    public var info: ExperimentInfo
  }

  /// Every experiment of the active (newest) plugins, in discovery order.
  public static func all(_ registry: PluginRegistry) -> [Entry] {
    registry.activePlugins.flatMap { plugin in plugin.info.experiments.map { Entry(plugin: plugin, info: $0) } }
  }

  /// The experiment a reference names.
  public static func find(_ text: String, registry: PluginRegistry) throws(CatalogueError) -> Entry {
    let reference = try EntryReference(parsing: text, what: "experiment")
    let scope: [LoadedPlugin]
    if let pluginID = reference.pluginID {
      scope = [try registry.plugin(id: pluginID, version: reference.version)]
    } else if let version = reference.version {
      scope = registry.plugins.filter { $0.info.version == version }
    } else {
      scope = registry.activePlugins
    }
    let matches = scope.flatMap { plugin in
      plugin.info.experiments.filter { $0.id == reference.id }.map { Entry(plugin: plugin, info: $0) }
    }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      let names = matches.map { "\($0.plugin.info.id)/\($0.info.id)" }.joined(separator: ", ")
      throw .usage("experiment '\(reference.id)' is declared by several plugins (\(names)); write one of these")
    }
    let known = all(registry).map(\.info.id).joined(separator: ", ")
    throw .usage(
      "no experiment '\(reference)' (experiments: \(known.isEmpty ? "none declared" : known); "
        + "see 'catalogue reproduce --list')")
  }

  /// The `reproduce --list` table: id, plugin, run groups, claims and title.
  public static func listing(_ registry: PluginRegistry) -> String {
    let entries = all(registry)
    guard !entries.isEmpty else { return "No experiments declared by the installed plugins (see 'catalogue list').\n" }
    let rows = entries.map { entry in
      let seeds = entry.info.runs.map { Int($0.seedCount) }.reduce(0, +)
      let quick = entry.info.runs.filter { !$0.fullOnly }
        .map { Int($0.quickSeedCount > 0 ? $0.quickSeedCount : $0.seedCount) }.reduce(0, +)
      return [
        entry.info.id, "\(entry.plugin.info.id) \(entry.plugin.info.version)",
        "\(seeds) (quick \(quick))", "\(entry.info.claims.count)", entry.info.title,
      ]
    }
    return TextTable(header: ["EXPERIMENT", "PLUGIN", "RUNS", "CLAIMS", "TITLE"], rows: rows).text
  }
}
