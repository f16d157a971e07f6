import CatalogueHost

/// Runs that are the same configuration over several seeds: one line (or one histogram outline) in a figure.
public struct PlotGroup: Sendable {
  /// The legend label.
  public var label: String
  /// The runs, one per seed.
  public var runs: [FinishedRun]

  /// Creates a group.
  public init(label: String, runs: [FinishedRun]) {
    self.label = label
    self.runs = runs
  }

  /// Groups runs by configuration (algorithm, its plugin and parameters, problem and its parameters), in order of
  /// first appearance, and labels each group by its algorithm id, adding the parameters that tell two groups of
  /// one algorithm apart ("gd (step_size=0.5)") and the problem when the runs are on different problems.
  public static func grouping(_ runs: [FinishedRun]) -> [PlotGroup] {
    var keys: [String] = []
    var members: [String: [FinishedRun]] = [:]
    for run in runs {
      let key = [
        run.algorithmPlugin, run.algorithm, JSONValue.object(run.algorithmParameters).labelText, run.problem,
        JSONValue.object(run.problemParameters).labelText,
      ].joined(separator: "\u{1}")
      if members[key] == nil { keys.append(key) }
      members[key, default: []].append(run)
    }
    let groups = keys.map { members[$0]! }
    let problems = Set(groups.map { "\($0[0].problem) \(JSONValue.object($0[0].problemParameters).labelText)" })
    return groups.map { group in
      let first = group[0]
      var label = first.algorithm
      let siblings = groups.filter { $0[0].algorithm == first.algorithm }
      if siblings.count > 1 {
        let differing = first.algorithmParameters.keys.sorted().filter { key in
          siblings.contains { $0[0].algorithmParameters[key] != first.algorithmParameters[key] }
        }
        let settings = differing.map { "\($0)=\(first.algorithmParameters[$0]?.labelText ?? "?")" }
        if !settings.isEmpty { label += " (\(settings.joined(separator: ", ")))" }
      }
      if problems.count > 1 {
        label += " on \(first.problem)"
        let sameProblem = groups.filter { $0[0].problem == first.problem }
        let differing = first.problemParameters.keys.sorted().filter { key in
          sameProblem.contains { $0[0].problemParameters[key] != first.problemParameters[key] }
        }
        if !differing.isEmpty {
          label +=
            " (" + differing.map { "\($0)=\(first.problemParameters[$0]?.labelText ?? "?")" }.joined(separator: ", ")
            + ")"
        }
      }
      return PlotGroup(label: label, runs: group)
    }
  }
}

extension JSONValue {
  /// The value on one line (`0.5`, `"convex"`, `{"a":1}`), for labels and grouping keys.
  var labelText: String {
    switch self {
    case .string(let text): return text
    case .double(let value): return NumberFormat.shortest(value)
    case .integer(let value): return String(value)
    case .unsigned(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let elements): return "[" + elements.map(\.labelText).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.keys.sorted().map { "\($0):\(members[$0]!.labelText)" }.joined(separator: ",") + "}"
    }
  }
}
