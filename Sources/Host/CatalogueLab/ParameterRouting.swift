import CatalogueHost

/// Sends each `-p` of a comparison to the runs it is meant for.
///
/// Several algorithms share one command line, and their schemas differ (Adam has `learning_rate` where gradient
/// descent has `step_size`), so `catalogue compare` cannot hand every `-p` to every run the way `catalogue run`
/// does. The rules, in order:
/// - `-p ALGO.key=value`, ALGO one of the compared algorithms: that algorithm only;
/// - `-p problem.key=value`: the problem, in every run;
/// - `-p algorithm.key=value`: every compared algorithm that has the parameter;
/// - `-p key=value`: every compared algorithm that has the parameter; otherwise the problem if it has it. A key
///   that both some algorithm and the problem have is ambiguous and must be qualified.
///
/// Anything that matches nothing is a one-line usage error before any run starts.
public enum ParameterRouting {
  /// One algorithm of the comparison, as routing sees it.
  public struct Target: Sendable {
    /// How `-p LABEL.key=value` names it: the algorithm id as typed.
    public var label: String
    /// Its parameter schema.
    public var owner: ParameterOwner

    /// Creates a target.
    public init(label: String, owner: ParameterOwner) {
      self.label = label
      self.owner = owner
    }
  }

  /// The `-p` texts for each target, in target order, each scoped (`algorithm.key=value` or
  /// `problem.key=value`) so that `catalogue run` applies it exactly as routed.
  public static func route(_ texts: [String], targets: [Target], problem: ParameterOwner) throws(CatalogueError)
    -> [[String]]
  {
    var routed = [[String]](repeating: [], count: targets.count)
    let labels = targets.map(\.label).joined(separator: ", ")
    for text in texts {
      let shown = EchoedText.show(text)
      guard let equals = text.firstIndex(of: "=") else {
        throw .usage("-p '\(shown)' is not key=value (e.g. -p step_size=0.1 or -p \(targets[0].label).step_size=0.1)")
      }
      let key = text[..<equals]
      let value = String(text[text.index(after: equals)...])
      var scope: Substring? = nil
      var name = key
      if let dot = key.firstIndex(of: ".") {
        scope = key[..<dot]
        name = key[key.index(after: dot)...]
      }
      guard !name.isEmpty else { throw .usage("-p '\(shown)' has an empty key (e.g. -p step_size=0.1)") }
      let parameter = String(name)
      let toAlgorithm = "algorithm.\(parameter)=\(value)"
      let toProblem = "problem.\(parameter)=\(value)"
      if let scope {
        if let index = targets.firstIndex(where: { $0.label == scope }) {
          routed[index].append(toAlgorithm)
        } else if scope == "problem" {
          for index in targets.indices { routed[index].append(toProblem) }
        } else if scope == "algorithm" {
          let having = targets.indices.filter { targets[$0].owner.spec(parameter) != nil }
          guard !having.isEmpty else {
            throw .usage(
              "-p '\(shown)': none of the compared algorithms (\(labels)) has a parameter "
                + "'\(EchoedText.show(parameter))'"
                + NameSuggestion.hint(for: parameter, in: targets.flatMap { $0.owner.specs.map(\.id) }))
          }
          for index in having { routed[index].append(toAlgorithm) }
        } else {
          throw .usage(
            "-p '\(shown)': '\(EchoedText.show(scope))' is not a compared algorithm (\(labels)) nor 'problem'"
              + NameSuggestion.hint(for: String(scope), in: targets.map(\.label))
              + "; write -p ALGORITHM.\(EchoedText.show(parameter))=\(EchoedText.show(value)) with one of them")
        }
        continue
      }
      let having = targets.indices.filter { targets[$0].owner.spec(parameter) != nil }
      let problemHas = problem.spec(parameter) != nil
      if !having.isEmpty && problemHas {
        throw .usage(
          "parameter '\(parameter)' is ambiguous: \(targets[having[0]].label) and \(problem.label) both have it; "
            + "write -p \(targets[having[0]].label).\(parameter)=\(EchoedText.show(value)) or -p "
            + "problem.\(parameter)=\(EchoedText.show(value))")
      }
      if !having.isEmpty {
        for index in having { routed[index].append(toAlgorithm) }
      } else if problemHas {
        for index in targets.indices { routed[index].append(toProblem) }
      } else {
        let known = targets.map { "\($0.label): \($0.owner.idList)" } + ["\(problem.label): \(problem.idList)"]
        let ids = targets.flatMap { $0.owner.specs.map(\.id) } + problem.specs.map(\.id)
        throw .usage(
          "no compared algorithm nor the problem has a parameter '\(EchoedText.show(parameter))'"
            + NameSuggestion.hint(for: parameter, in: ids) + " (\(known.joined(separator: "; ")))")
      }
    }
    return routed
  }
}
