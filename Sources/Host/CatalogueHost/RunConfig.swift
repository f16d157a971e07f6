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
  public var objective: JSONValue?
  /// The file the record was read from, for messages.
  public var file: String

  /// Reads a record; errors name the file and the missing field.
  public init(json: JSONValue, file: String) throws(CatalogueError) {
    func field(_ path: String) throws(CatalogueError) -> JSONValue {
      var value: JSONValue? = json
      for key in path.split(separator: ".") { value = value?[String(key)] }
      guard let value else {
        throw .usage("\(file) has no field '\(path)' (is it a result.json written by catalogue run?)")
      }
      return value
    }
    func text(_ path: String) throws(CatalogueError) -> String {
      guard let text = try field(path).stringValue else { throw .usage("\(file): field '\(path)' is not a string") }
      return text
    }
    func assignments(_ path: String, _ scope: ParameterAssignment.Scope) throws(CatalogueError)
      -> [ParameterAssignment]
    {
      guard let members = try field(path).objectValue else { throw .usage("\(file): '\(path)' is not an object") }
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
    algorithmPlugin = try text("algorithm.plugin.id")
    algorithmPluginVersion = try text("algorithm.plugin.version")
    algorithm = try text("algorithm.id")
    problemPlugin = try text("problem.plugin.id")
    problemPluginVersion = try text("problem.plugin.version")
    problem = try text("problem.id")
    algorithmParameters = try assignments("algorithm.parameters", .algorithm)
    problemParameters = try assignments("problem.parameters", .problem)
    guard let seed = try field("seed").uint64Value else { throw .usage("\(file): 'seed' is not a 64-bit seed") }
    self.seed = seed
    guard let maxIters = try field("stopping.max_iters").uint64Value else {
      throw .usage("\(file): 'stopping.max_iters' is not a count")
    }
    stopping = StoppingCriteria(
      maxIters: maxIters, timeLimit: json["stopping"]?["time_limit_s"]?.doubleValue,
      gradTol: json["stopping"]?["grad_tol"]?.doubleValue, target: json["stopping"]?["target"]?.doubleValue)
    objective = json["problem"]?["objective"]
    self.file = file
  }

  /// Reads a record from a file.
  public static func load(path: String) throws(CatalogueError) -> RunConfig {
    let text = try FileSystem.readText(path)
    let json: JSONValue
    do {
      json = try JSONParser.parse(text)
    } catch {
      throw .usage("\(path) is not valid JSON (\(error)); pass a result.json written by catalogue run")
    }
    return try RunConfig(json: json, file: path)
  }
}
