/// The part of a `result.json` that defines a run, read back by `catalogue run --config` to repeat it.
public struct RunConfig: Equatable, Sendable {
  /// Plugin id of the algorithm.
  public var algorithmPlugin: String
  /// Plugin version that ran (a different installed version gives a warning).
  public var algorithmPluginVersion: String
  /// Algorithm id.
  public var algorithm: String
  /// Plugin id of the problem.
  public var problemPlugin: String
  /// Plugin version of the problem.
  public var problemPluginVersion: String
  /// Problem id.
  public var problem: String
  /// Algorithm parameters as `algorithm.key=value` assignments.
  public var algorithmParameters: [ParameterAssignment]
  /// Problem parameters as `problem.key=value` assignments.
  public var problemParameters: [ParameterAssignment]
  /// The seed.
  public var seed: UInt64
  /// The stopping rules.
  public var stopping: StoppingCriteria
  /// The foreign objective the run used instead of a plugin's problem (`problem.objective`), if any.
  public var objective: ForeignObjectiveSpecification?
  /// The file the record was read from, for messages.
  public var file: String

  /// Takes the defining part of a record.
  public init(_ document: ResultDocument, file: String) throws(CatalogueError) {
    func assignments(_ members: [String: JSONValue], _ path: String, _ scope: ParameterAssignment.Scope)
      throws(CatalogueError) -> [ParameterAssignment]
    {
      var result: [ParameterAssignment] = []
      for (key, value) in members.sorted(by: { $0.key < $1.key }) {
        let text: String
        switch value {
        case .string(let string): text = string
        case .bool(let flag): text = flag ? "true" : "false"
        case .integer(let number): text = String(number)
        case .unsigned(let number): text = String(number)
        case .double(let number): text = NumberFormat.shortest(number)
        default: throw .usage("\(file): parameter '\(path).\(key)' has no usable value")
        }
        result.append(ParameterAssignment(scope: scope, key: key, value: text))
      }
      return result
    }
    // A document from a newer layout may mean something else by the same fields, and one from another ABI major
    // named plugins this host cannot load (Tests/IntegrationTests/RunCommandTests.swift).
    guard (1...CatalogueVersion.resultFormat).contains(document.formatVersion) else {
      throw .usage(
        "\(file): format_version \(document.formatVersion) is not one this catalogue reads (1 to "
          + "\(CatalogueVersion.resultFormat)); it was written by catalogue \(document.catalogueVersion)")
    }
    guard let major = document.abiVersion.split(separator: ".").first.flatMap({ UInt32($0) }),
      major == CatalogueVersion.abiMajor
    else {
      throw .usage(
        "\(file): abi_version \(document.abiVersion) does not match this catalogue's ABI \(CatalogueVersion.abi) "
          + "(written by catalogue \(document.catalogueVersion)); its plugins cannot be loaded here")
    }
    algorithmPlugin = document.algorithm.plugin.id
    algorithmPluginVersion = document.algorithm.plugin.version
    algorithm = document.algorithm.id
    problemPlugin = document.problem.plugin.id
    problemPluginVersion = document.problem.plugin.version
    problem = document.problem.id
    algorithmParameters = try assignments(document.algorithm.parameters, "algorithm.parameters", .algorithm)
    problemParameters = try assignments(document.problem.parameters, "problem.parameters", .problem)
    seed = document.seed
    stopping = document.stopping
    objective = document.problem.objective
    self.file = file
  }

  /// Reads a record from a file; errors name the file and the missing or malformed field.
  public static func load(path: String) throws(CatalogueError) -> RunConfig {
    try RunConfig(ResultDocument.load(path: path), file: path)
  }
}
