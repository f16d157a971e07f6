import CatalogueHost

/// `cath_describe_json`: whatever a reference names (a plugin, an algorithm, a problem, or an algorithm and a
/// problem of the same id), in the JSON forms of `list --json`.
enum EntryLookup {
  static func describe(_ text: String, in registry: PluginRegistry) throws(CatalogueError) -> JSONValue {
    var pluginID = text
    var version: SemanticVersion?
    if let at = text.lastIndex(of: "@") {
      pluginID = String(text[..<at])
      version = SemanticVersion(String(text[text.index(after: at)...]))
    }
    var plugins: [JSONValue] = []
    var algorithms: [JSONValue] = []
    var problems: [JSONValue] = []
    if registry.plugins.contains(where: { $0.info.id == pluginID }) {
      let plugin = try registry.plugin(id: pluginID, version: version)
      plugins.append(EntryJSON.plugin(plugin, active: !registry.isShadowed(plugin)))
    } else {
      let reference = try EntryReference(parsing: text, what: "entry")
      var errors: [CatalogueError] = []
      do {
        let handle = try registry.algorithm(reference)
        var json = EntryJSON.algorithm(handle.info)
        if case .object(var members) = json {
          members["plugin"] = .string(handle.plugin.info.id)
          members["plugin_version"] = .string("\(handle.plugin.info.version)")
          json = .object(members)
        }
        algorithms.append(json)
      } catch {
        errors.append(error)
      }
      do {
        let handle = try registry.problem(reference)
        var json = EntryJSON.problem(handle.info)
        if case .object(var members) = json {
          members["plugin"] = .string(handle.plugin.info.id)
          members["plugin_version"] = .string("\(handle.plugin.info.version)")
          json = .object(members)
        }
        problems.append(json)
      } catch {
        errors.append(error)
      }
      if algorithms.isEmpty && problems.isEmpty {
        if let ambiguous = errors.first(where: { $0.message.contains(" is registered by ") }) { throw ambiguous }
        throw .usage("no plugin, algorithm or problem named '\(text)' (see 'catalogue list')")
      }
    }
    return .object(["plugins": .array(plugins), "algorithms": .array(algorithms), "problems": .array(problems)])
  }
}
