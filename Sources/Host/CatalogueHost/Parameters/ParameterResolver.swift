/// Matches `-p` assignments to an algorithm's and a problem's schemas and validates every value.
///
/// All checking happens here, before any plugin code runs, so a typo never costs a run and never leaves a run
/// folder behind.
public enum ParameterResolver {
  /// Resolves assignments against both schemas; the first problem found is thrown as a one-line usage error.
  public static func resolve(
    _ assignments: [ParameterAssignment], algorithm: ParameterOwner, problem: ParameterOwner
  ) throws(CatalogueError) -> (algorithm: ResolvedParameters, problem: ResolvedParameters) {
    var algorithmValues: [String: (ParameterValue, ParameterAssignment)] = [:]
    var problemValues: [String: (ParameterValue, ParameterAssignment)] = [:]
    for assignment in assignments {
      let inAlgorithm = algorithm.spec(assignment.key)
      let inProblem = problem.spec(assignment.key)
      let toAlgorithm: Bool
      switch assignment.scope {
      case .algorithm:
        guard inAlgorithm != nil else {
          throw .usage(
            "\(algorithm.label) has no parameter '\(EchoedText.show(assignment.key))'"
              + NameSuggestion.hint(for: assignment.key, in: algorithm.specs.map(\.id))
              + " (parameters: \(algorithm.idList))")
        }
        toAlgorithm = true
      case .problem:
        guard inProblem != nil else {
          throw .usage(
            "\(problem.label) has no parameter '\(EchoedText.show(assignment.key))'"
              + NameSuggestion.hint(for: assignment.key, in: problem.specs.map(\.id))
              + " (parameters: \(problem.idList))")
        }
        toAlgorithm = false
      case .any:
        switch (inAlgorithm, inProblem) {
        case (nil, nil):
          throw .usage(
            "\(algorithm.label) has no parameter '\(EchoedText.show(assignment.key))'"
              + NameSuggestion.hint(for: assignment.key, in: (algorithm.specs + problem.specs).map(\.id))
              + " (parameters: \(algorithm.idList); \(problem.label): \(problem.idList))")
        case (.some, .some):
          let value = EchoedText.show(assignment.value)
          throw .usage(
            "parameter '\(assignment.key)' is ambiguous: both \(algorithm.label) and \(problem.label) have it; "
              + "write -p algorithm.\(assignment.key)=\(value) or -p problem.\(assignment.key)=\(value)")
        case (.some, nil): toAlgorithm = true
        case (nil, .some): toAlgorithm = false
        }
      }
      let owner = toAlgorithm ? algorithm : problem
      let spec = toAlgorithm ? inAlgorithm! : inProblem!
      let value = try spec.parse(assignment.value, owner: owner.label)
      let previous = toAlgorithm ? algorithmValues[spec.id] : problemValues[spec.id]
      if let previous, previous.1.value != assignment.value {
        throw .usage(
          "parameter '\(spec.id)' of \(owner.label) is given twice (-p \(EchoedText.show(previous.1.description)) "
            + "and -p \(EchoedText.show(assignment.description))); keep one")
      }
      if toAlgorithm {
        algorithmValues[spec.id] = (value, assignment)
      } else {
        problemValues[spec.id] = (value, assignment)
      }
    }
    return (
      try fill(algorithm, algorithmValues.mapValues(\.0)), try fill(problem, problemValues.mapValues(\.0))
    )
  }

  /// Completes explicit values with checked defaults, in schema order.
  static func fill(_ owner: ParameterOwner, _ explicit: [String: ParameterValue]) throws(CatalogueError)
    -> ResolvedParameters
  {
    var entries: [ResolvedParameters.Entry] = []
    for spec in owner.specs {
      if let value = explicit[spec.id] {
        entries.append(.init(id: spec.id, value: value, isExplicit: true))
      } else {
        do {
          try spec.check(spec.defaultValue, owner: owner.label)
        } catch {
          throw .runFailed(
            "the plugin's default for parameter '\(spec.id)' of \(owner.label) is invalid (\(error.message)); "
              + "set it with -p \(spec.id)=VALUE or fix the plugin")
        }
        entries.append(.init(id: spec.id, value: spec.defaultValue, isExplicit: false))
      }
    }
    return ResolvedParameters(entries: entries)
  }
}
