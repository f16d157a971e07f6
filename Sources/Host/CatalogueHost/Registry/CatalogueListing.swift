/// What `catalogue list` prints: the plugins table, then algorithms, problems and experiments, as text or JSON.
///
/// Entries of an older version of a plugin are shown with the `@version` that reaches them, and an id that two
/// plugins register is shown qualified, so every reference in the table can be typed as shown.
public struct CatalogueListing {
  /// The registry to list.
  public var registry: PluginRegistry

  /// Creates a listing.
  public init(registry: PluginRegistry) {
    self.registry = registry
  }

  /// The reference a user types to reach an entry of `plugin` with this id.
  /// `owners` counts the active plugins that register each id (`ownerCounts`).
  func reference(_ id: String, in plugin: LoadedPlugin, owners: [String: Int]) -> String {
    if registry.isShadowed(plugin) { return "\(plugin.info.id)/\(id)@\(plugin.info.version)" }
    return (owners[id] ?? 0) > 1 ? "\(plugin.info.id)/\(id)" : id
  }

  /// How many active plugins register each id: counted once per table, not once per row (which made the tables
  /// quadratic in the number of entries, a sixth of a warm `list`).
  func ownerCounts(_ ids: (LoadedPlugin) -> [String], active: [LoadedPlugin]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for plugin in active {
      for id in Set(ids(plugin)) { counts[id, default: 0] += 1 }
    }
    return counts
  }

  /// The text tables.
  public var text: String {
    if registry.plugins.isEmpty {
      return "No plugins found. Search path (see 'catalogue paths'):\n"
        + registry.searchPath.entries.map { "  \($0.path)\n" }.joined()
    }
    var output = "PLUGINS\n"
    output +=
      TextTable(
        header: ["ID", "VERSION", "ALGORITHMS", "PROBLEM KINDS", "CITATION"],
        rows: registry.plugins.map { plugin in
          [
            plugin.info.id, "\(plugin.info.version)" + (registry.isShadowed(plugin) ? " (older)" : ""),
            plugin.info.algorithms.isEmpty ? "-" : plugin.info.algorithms.map(\.id).joined(separator: ", "),
            plugin.info.problemKinds.map(\.description).joined(separator: ", "),
            plugin.info.citation?.short ?? "-",
          ]
        }
      ).text
    let active = registry.activePlugins
    let algorithmOwners = ownerCounts({ $0.info.algorithms.map(\.id) }, active: active)
    let algorithms = registry.plugins.flatMap { plugin in
      plugin.info.algorithms.map { algorithm in
        [
          reference(algorithm.id, in: plugin, owners: algorithmOwners), plugin.info.id,
          algorithm.problemKinds.map(\.description).joined(separator: ", "), algorithm.defaultProblem ?? "-",
          algorithm.summary,
        ]
      }
    }
    if !algorithms.isEmpty {
      output += "\nALGORITHMS\n"
      output +=
        TextTable(header: ["ALGORITHM", "PLUGIN", "KINDS", "DEFAULT PROBLEM", "SUMMARY"], rows: algorithms).text
    }
    let problemOwners = ownerCounts({ $0.info.problems.map(\.id) }, active: active)
    let problems = registry.plugins.flatMap { plugin in
      plugin.info.problems.map { problem in
        [
          reference(problem.id, in: plugin, owners: problemOwners), plugin.info.id, "\(problem.kind)",
          problem.summary,
        ]
      }
    }
    if !problems.isEmpty {
      output += "\nPROBLEMS\n"
      output += TextTable(header: ["PROBLEM", "PLUGIN", "KIND", "SUMMARY"], rows: problems).text
    }
    let experiments = registry.plugins.flatMap { plugin in
      plugin.info.experiments.map { [$0.id, plugin.info.id, $0.title] }
    }
    if !experiments.isEmpty {
      output += "\nEXPERIMENTS\n"
      output += TextTable(header: ["EXPERIMENT", "PLUGIN", "TITLE"], rows: experiments).text
    }
    return output
  }

  /// The listing as JSON: every plugin (all versions), what it registers, and the failures.
  public var json: JSONValue {
    .object([
      "catalogue_version": .string(CatalogueVersion.host),
      "abi_version": .string(CatalogueVersion.abi),
      "plugins": .array(registry.plugins.map { EntryJSON.plugin($0, active: !registry.isShadowed($0)) }),
      "failures": .array(
        registry.failures.map { .object(["file": .string($0.file), "reason": .string($0.reason)]) }),
    ])
  }

  /// `list --failed`: the files that failed, with their reasons, as a table.
  public var failuresText: String {
    if registry.failures.isEmpty { return "No plugin file failed to load.\n" }
    return TextTable(header: ["FILE", "REASON"], rows: registry.failures.map { [$0.file, $0.reason] }).text
  }

  /// `list --failed --json`.
  public var failuresJSON: JSONValue {
    .object([
      "failures": .array(
        registry.failures.map { .object(["file": .string($0.file), "reason": .string($0.reason)]) })
    ])
  }
}
