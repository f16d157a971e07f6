/// Facts about the problem instance a run was started on, known once it was built.
public struct RunStart: Equatable, Sendable {
  /// Known reference values of the instance ("f_star", ...), in the plugin's order.
  public var references: [(String, Double)]
  /// Names of the extra metrics the instance can evaluate.
  public var metricNames: [String]
  /// OpenBLAS's thread count in the process that runs the plugin (a worker's, not the host's), if loaded.
  public var blasThreads: Int?

  /// Creates a start record.
  public init(references: [(String, Double)], metricNames: [String], blasThreads: Int? = nil) {
    self.references = references
    self.metricNames = metricNames
    self.blasThreads = blasThreads
  }

  public static func == (lhs: RunStart, rhs: RunStart) -> Bool {
    lhs.references.elementsEqual(rhs.references) { $0 == $1 } && lhs.metricNames == rhs.metricNames
      && lhs.blasThreads == rhs.blasThreads
  }
}
