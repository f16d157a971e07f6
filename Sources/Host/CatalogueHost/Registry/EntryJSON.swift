/// JSON forms of registry entries, shared by `list --json` and the host C API (`cath_list_json`).
public enum EntryJSON {
  public static func plugin(_ plugin: LoadedPlugin, active: Bool) -> JSONValue {
    .object([
      "id": .string(plugin.info.id), "name": .string(plugin.info.name), "version": .string("\(plugin.info.version)"),
      "summary": .string(plugin.info.summary), "license": .string(plugin.info.license),
      "citation": citation(plugin.info.citation), "file": .string(plugin.file),
      "origin": .string(plugin.origin.rawValue), "active": .bool(active),
      "abi_version": .string("\(plugin.info.abiMajor).\(plugin.info.abiMinor)"),
      "algorithms": .array(plugin.info.algorithms.map(algorithm)),
      "problems": .array(plugin.info.problems.map(problem)),
      "experiments": .array(
        plugin.info.experiments.map { .object(["id": .string($0.id), "title": .string($0.title)]) }),
    ])
  }

  public static func algorithm(_ algorithm: AlgorithmInfo) -> JSONValue {
    .object([
      "id": .string(algorithm.id), "name": .string(algorithm.name), "summary": .string(algorithm.summary),
      "provenance": .string("\(algorithm.provenance)"), "provenance_note": .string(algorithm.provenanceNote),
      "citation": citation(algorithm.citation),
      "problem_kinds": .array(algorithm.problemKinds.map { .string("\($0)") }),
      "needs": .array(algorithm.needs.names.map { .string($0) }),
      "default_problem": .text(algorithm.defaultProblem), "default_max_iters": .unsigned(algorithm.defaultMaxIters),
      "parameters": .array(algorithm.parameters.map(parameter)),
    ])
  }

  public static func problem(_ problem: ProblemInfo) -> JSONValue {
    .object([
      "id": .string(problem.id), "name": .string(problem.name), "summary": .string(problem.summary),
      "kind": .string("\(problem.kind)"), "parameters": .array(problem.parameters.map(parameter)),
    ])
  }

  public static func parameter(_ spec: ParameterSpec) -> JSONValue {
    var members: [String: JSONValue] = [
      "id": .string(spec.id), "kind": .string(spec.kind.rawValue), "help": .string(spec.help),
      "unit": .text(spec.unit), "default": spec.defaultValue.json, "log_scale": .bool(spec.logScale),
    ]
    switch spec.kind {
    case .real:
      members["min"] = .number(spec.minReal)
      members["max"] = .number(spec.maxReal)
    case .int:
      members["min"] = spec.minInt == .min ? .null : .integer(spec.minInt)
      members["max"] = spec.maxInt == .max ? .null : .integer(spec.maxInt)
    case .choice:
      members["choices"] = .array(spec.choices.map { .string($0) })
    default:
      break
    }
    if spec.kind == .real || spec.kind == .int {
      members["min_exclusive"] = .bool(spec.minExclusive)
      members["max_exclusive"] = .bool(spec.maxExclusive)
    }
    return .object(members)
  }

  public static func citation(_ citation: Citation?) -> JSONValue {
    guard let citation else { return .null }
    return .object([
      "authors": .string(citation.authors), "title": .string(citation.title), "venue": .string(citation.venue),
      "year": .integer(Int64(citation.year)), "arxiv_id": .text(citation.arxivID), "url": .text(citation.url),
    ])
  }
}
