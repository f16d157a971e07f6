/// What an algorithm declares about itself, copied from its `cat_algorithm_desc` into Swift values.
public struct AlgorithmInfo: Equatable, Sendable, Codable {
  /// Stable id, e.g. "adam".
  public var id: String
  /// Display name.
  public var name: String
  /// One line.
  public var summary: String
  /// How faithful it is to its paper.
  public var provenance: Provenance
  /// What was checked, and against what.
  public var provenanceNote: String
  /// The method's own source, or nil when it is the plugin's citation.
  public var citation: Citation?
  /// The problem kinds it accepts.
  public var problemKinds: [ProblemKind]
  /// Optional oracles it needs.
  public var needs: OracleNeeds
  /// The problem run when none is given ("quadratic" or "plugin.id/quadratic").
  public var defaultProblem: String?
  /// The iteration budget when the user gives none.
  public var defaultMaxIters: UInt64
  /// Its parameter schema.
  public var parameters: [ParameterSpec]

  /// Creates an algorithm record.
  public init(
    id: String, name: String, summary: String, provenance: Provenance, provenanceNote: String, citation: Citation?,
    problemKinds: [ProblemKind], needs: OracleNeeds, defaultProblem: String?, defaultMaxIters: UInt64,
    parameters: [ParameterSpec]
  ) {
    self.id = id
    self.name = name
    self.summary = summary
    self.provenance = provenance
    self.provenanceNote = provenanceNote
    self.citation = citation
    self.problemKinds = problemKinds
    self.needs = needs
    self.defaultProblem = defaultProblem
    self.defaultMaxIters = defaultMaxIters
    self.parameters = parameters
  }

  /// The schema as a validation owner named by the algorithm id.
  public var parameterOwner: ParameterOwner { ParameterOwner(label: id, specs: parameters) }
}
