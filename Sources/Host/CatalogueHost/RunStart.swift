/// Facts about the problem instance a run was started on, known once it was built.
public struct RunStart: Equatable, Sendable {
  /// Known reference values of the instance ("f_star", ...), in the plugin's order.
  public var references: [(String, Double)]
  /// Names of the extra metrics the instance can evaluate.
  public var metricNames: [String]

  /// Creates a start record.
  public init(references: [(String, Double)], metricNames: [String]) {
    self.references = references
    self.metricNames = metricNames
  }

  public static func == (lhs: RunStart, rhs: RunStart) -> Bool {
    lhs.references.elementsEqual(rhs.references) { $0 == $1 } && lhs.metricNames == rhs.metricNames
  }
}
