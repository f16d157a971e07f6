/// An algorithm's default problem as its descriptor declares it: a problem reference, optionally followed by
/// problem parameters after `?` in the `key=value;key=value` form experiments use
/// (`"icl-regression?covariance=isotropic;task_prior=identity"`).
///
/// The parameters let several plugins share one problem (one entry in `catalogue list`) while each algorithm
/// still runs, with no argument, on the setting its paper uses. They apply only when the default problem is
/// used, and anything the user sets with `-p` wins.
public struct DefaultProblem: Equatable, Sendable {
  /// The problem reference (`id`, `plugin.id/id`, optionally `@version`).
  public var reference: String
  /// The declared problem parameters, scoped to the problem.
  public var parameters: [ParameterAssignment]

  /// Splits a declared default problem into its reference and its parameters.
  public init(parsing text: String) {
    guard let mark = text.firstIndex(of: "?") else {
      reference = text
      parameters = []
      return
    }
    reference = String(text[..<mark])
    parameters = text[text.index(after: mark)...].split(separator: ";").compactMap { item in
      guard let equals = item.firstIndex(of: "=") else { return nil }
      let key = String(item[..<equals]).trimmingCharacters(in: " ")
      let value = String(item[item.index(after: equals)...]).trimmingCharacters(in: " ")
      return key.isEmpty ? nil : ParameterAssignment(scope: .problem, key: key, value: value)
    }
  }

  /// The declared parameters the user did not set: `given` are `-p` texts, scoped or not.
  public func parameters(notIn given: [String]) -> [ParameterAssignment] {
    let keys = Set(
      given.compactMap { text -> String? in
        guard let assignment = try? ParameterAssignment(parsing: text), assignment.scope != .algorithm else {
          return nil
        }
        return assignment.key
      })
    return parameters.filter { !keys.contains($0.key) }
  }
}

extension AlgorithmInfo {
  /// The declared default problem, split into reference and parameters.
  public var defaultProblemDeclaration: DefaultProblem? { defaultProblem.map(DefaultProblem.init(parsing:)) }
}

extension String {
  /// Without the given characters at either end.
  fileprivate func trimmingCharacters(in set: Character) -> String {
    var text = Substring(self)
    while text.first == set { text = text.dropFirst() }
    while text.last == set { text = text.dropLast() }
    return String(text)
  }
}
