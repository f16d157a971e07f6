/// An algorithm: what it solves, its parameters and its body. The Swift face of `cat_algorithm_desc`.
public struct Algorithm: Sendable {
  /// Stable id, `[a-z0-9-]`, unique across the catalogue (what users type after `catalogue run`).
  public var id: String
  /// Display name.
  public var name: String
  /// One line.
  public var summary: String
  /// How faithful the implementation is to its source.
  public var provenance: Provenance
  /// The method's source, or nil to use the plugin's citation.
  public var citation: Citation?
  /// Problem kinds it accepts.
  public var accepts: [ProblemKind]
  /// Optional oracles it needs.
  public var needs: Needs
  /// The problem `catalogue run <id>` uses when none is given (`id` or `plugin.id/id`).
  public var defaultProblem: String
  /// Iteration budget when the user gives none.
  public var defaultMaxIterations: Int
  /// Parameters.
  public var parameters: [Parameter]
  /// The body: iterate, report, return.
  public var body: @Sendable (Run) throws -> Void

  /// Creates an algorithm.
  public init(
    id: String, name: String, summary: String, provenance: Provenance, citation: Citation? = nil,
    accepts: [ProblemKind], needs: Needs = [], defaultProblem: String, defaultMaxIterations: Int,
    parameters: [Parameter] = [], body: @escaping @Sendable (Run) throws -> Void
  ) {
    self.id = id
    self.name = name
    self.summary = summary
    self.provenance = provenance
    self.citation = citation
    self.accepts = accepts
    self.needs = needs
    self.defaultProblem = defaultProblem
    self.defaultMaxIterations = defaultMaxIterations
    self.parameters = parameters
    self.body = body
  }
}
