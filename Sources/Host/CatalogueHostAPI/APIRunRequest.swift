import CatalogueHost

/// The `request_json` of `cath_run`, read into a `RunRequest` plus what only the API has: the run folder, the
/// caller problem's name and the command line recorded in `result.json`.
struct APIRunRequest {
  var request: RunRequest
  var out: String?
  var problemName: String?
  var commandLine: [String]

  /// Reads the JSON text; unknown keys are an error, so a misspelt option is never silently ignored.
  init(json text: String) throws(CatalogueError) {
    let value: JSONValue
    do {
      value = try JSONValue.parse(text)
    } catch {
      throw .usage("cath_run: request_json is not valid JSON: \(error.description)")
    }
    guard let members = value.objectValue else { throw .usage("cath_run: request_json must be a JSON object") }
    let known: Set<String> = [
      "algorithm", "problem", "parameters", "seed", "max_iters", "time_limit", "grad_tol", "target", "out",
      "problem_name", "command_line",
    ]
    if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
      throw .usage("cath_run: unknown request key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
    }
    func string(_ key: String) throws(CatalogueError) -> String? {
      guard let member = members[key], member != .null else { return nil }
      guard let text = member.stringValue else { throw .usage("cath_run: '\(key)' must be a string") }
      return text
    }
    func unsigned(_ key: String) throws(CatalogueError) -> UInt64? {
      guard let member = members[key], member != .null else { return nil }
      guard let number = member.uint64Value else {
        throw .usage("cath_run: '\(key)' must be a whole number >= 0")
      }
      return number
    }
    func real(_ key: String) throws(CatalogueError) -> Double? {
      guard let member = members[key], member != .null else { return nil }
      guard let number = member.doubleValue else { throw .usage("cath_run: '\(key)' must be a number") }
      return number
    }
    func strings(_ key: String) throws(CatalogueError) -> [String] {
      guard let member = members[key], member != .null else { return [] }
      guard let items = member.arrayValue else { throw .usage("cath_run: '\(key)' must be an array of strings") }
      var texts: [String] = []
      for item in items {
        guard let text = item.stringValue else { throw .usage("cath_run: '\(key)' must be an array of strings") }
        texts.append(text)
      }
      return texts
    }
    guard let algorithm = try string("algorithm") else { throw .usage("cath_run: the request names no 'algorithm'") }
    request = RunRequest(
      algorithm: algorithm, problem: try string("problem"), parameters: try strings("parameters"),
      seed: try unsigned("seed"), maxIters: try unsigned("max_iters"), timeLimit: try real("time_limit"),
      gradTol: try real("grad_tol"), target: try real("target"))
    out = try string("out")
    problemName = try string("problem_name")
    commandLine = try strings("command_line")
  }
}
