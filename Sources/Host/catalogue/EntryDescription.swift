import CatalogueHost

/// What `catalogue info <id>` prints for a plugin, an algorithm or a problem.
public enum EntryDescription {
  /// Describes whatever `text` names: a plugin id (optionally `@version`), an algorithm or a problem reference.
  /// An id that names both an algorithm and a problem describes both.
  public static func describe(_ text: String, registry: PluginRegistry) throws(CatalogueError) -> String {
    var pluginID = text
    var version: SemanticVersion?
    if let at = text.lastIndex(of: "@") {
      pluginID = String(text[..<at])
      version = SemanticVersion(String(text[text.index(after: at)...]))
    }
    if registry.plugins.contains(where: { $0.info.id == pluginID }) {
      return plugin(try registry.plugin(id: pluginID, version: version), registry: registry)
    }
    let reference: EntryReference
    do {
      reference = try EntryReference(parsing: text, what: "entry")
    } catch {
      throw .usage("no plugin, algorithm or problem named '\(EchoedText.show(text))' (see 'catalogue list')")
    }
    var sections: [String] = []
    var errors: [CatalogueError] = []
    do {
      sections.append(algorithm(try registry.algorithm(reference)))
    } catch {
      errors.append(error)
    }
    do {
      sections.append(problem(try registry.problem(reference), registry: registry))
    } catch {
      errors.append(error)
    }
    if sections.isEmpty {
      // Two plugins registering the id, or a pinned version that is not installed, say more than "no such name".
      if let specific = errors.first(where: {
        $0.message.contains(" is registered by ") || $0.message.contains(" has version ")
      }) {
        throw specific
      }
      let names = registry.activePlugins.flatMap {
        [$0.info.id] + $0.info.algorithms.map(\.id) + $0.info.problems.map(\.id)
      }
      throw .usage(
        "no plugin, algorithm or problem named '\(EchoedText.show(text))'"
          + NameSuggestion.hint(for: reference.id, in: names) + " (see 'catalogue list')" + registry.failureHint)
    }
    return sections.joined(separator: "\n")
  }

  /// A plugin and everything it registers.
  public static func plugin(_ plugin: LoadedPlugin, registry: PluginRegistry) -> String {
    let info = plugin.info
    var rows: [[String]] = [
      [
        "plugin", "\(info.id) \(info.version)" + (registry.isShadowed(plugin) ? " (a newer version is installed)" : ""),
      ],
      ["name", info.name],
    ]
    if !info.summary.isEmpty { rows.append(["summary", info.summary]) }
    if let citation = info.citation { rows.append(["citation", citation.full]) }
    if !info.license.isEmpty { rows.append(["license", info.license]) }
    rows.append(["file", plugin.file])
    rows.append(["abi", "\(info.abiMajor).\(info.abiMinor)"])
    rows.append(["algorithms", info.algorithms.isEmpty ? "none" : info.algorithms.map(\.id).joined(separator: ", ")])
    rows.append(["problems", info.problems.isEmpty ? "none" : info.problems.map(\.id).joined(separator: ", ")])
    if !info.experiments.isEmpty {
      rows.append(["experiments", info.experiments.map { "\($0.id) (\($0.title))" }.joined(separator: "; ")])
    }
    var sections = [TextTable(rows: rows).text]
    for index in info.algorithms.indices { sections.append(algorithm(AlgorithmHandle(plugin: plugin, index: index))) }
    for index in info.problems.indices {
      sections.append(problem(ProblemHandle(plugin: plugin, index: index), registry: registry))
    }
    return sections.joined(separator: "\n")
  }

  /// An algorithm: what it is, where it comes from, what it accepts and its parameters.
  public static func algorithm(_ handle: AlgorithmHandle) -> String {
    let info = handle.info
    var rows: [[String]] = [["algorithm", "\(info.id) (\(info.name))"]]
    if !info.summary.isEmpty { rows.append(["summary", info.summary]) }
    rows.append(["plugin", "\(handle.plugin.label) (\(handle.plugin.file))"])
    if let citation = handle.citation { rows.append(["citation", citation.full]) }
    rows.append(["provenance", "\(info.provenance)" + (info.provenanceNote.isEmpty ? "" : ": \(info.provenanceNote)")])
    rows.append(["accepts", info.problemKinds.map(\.description).joined(separator: ", ") + " problems"])
    rows.append(["needs", info.needs.description])
    rows.append(["default problem", info.defaultProblem ?? "none (give --problem)"])
    rows.append([
      "default budget",
      "\(info.defaultMaxIters > 0 ? info.defaultMaxIters : StoppingCriteria.fallbackMaxIters) iterations",
    ])
    return TextTable(rows: rows).text + parameterTable(info.parameters)
  }

  /// A problem: its kind, its parameters and the algorithms that accept it.
  public static func problem(_ handle: ProblemHandle, registry: PluginRegistry) -> String {
    let info = handle.info
    var rows: [[String]] = [["problem", "\(info.id) (\(info.name))"]]
    if !info.summary.isEmpty { rows.append(["summary", info.summary]) }
    rows.append(["plugin", "\(handle.plugin.label) (\(handle.plugin.file))"])
    rows.append(["kind", "\(info.kind)"])
    let solvers = registry.activePlugins.flatMap { plugin in
      plugin.info.algorithms.filter { $0.problemKinds.contains(info.kind) }.map(\.id)
    }
    rows.append(["algorithms", solvers.isEmpty ? "none installed" : solvers.joined(separator: ", ")])
    return TextTable(rows: rows).text + parameterTable(info.parameters)
  }

  static func parameterTable(_ specs: [ParameterSpec]) -> String {
    guard !specs.isEmpty else { return "parameters: none\n" }
    let rows = specs.map { spec in
      [
        "  " + spec.id, spec.allowedDescription + (spec.logScale ? " (log scale)" : ""), "\(spec.defaultValue)",
        spec.help + (spec.unit.map { " [\($0)]" } ?? ""),
      ]
    }
    return "parameters:\n" + TextTable(header: ["  ID", "ALLOWED", "DEFAULT", "HELP"], rows: rows).text
  }
}
