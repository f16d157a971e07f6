import CatalogueSDK
import SeededRandom

@testable import LinconBilevel

/// An in-memory run for host-free tests: keeps every trace row and result, and stops like the host does once the
/// iteration budget is reached (rows 0…budget).
final class RecordingSession: RunSession {
  let parameters: ParameterValues
  let problem: ProblemInstance
  var rng: CatalogueRandom
  let budget: Int
  private(set) var columns: [String] = []
  private(set) var rows: [[Double]] = []
  private(set) var results: [String: Double] = [:]
  private(set) var vectors: [String: [Double]] = [:]
  private(set) var innerSteps = 0
  private(set) var termination: Termination?
  /// The first iteration that reported a non-finite value (the host ends such a run as diverged).
  private(set) var divergedAt: Int?

  /// A run of an algorithm with `parameters` on `problem`, seeded like the host does (stream 2 of `seed`).
  init(_ problem: ProblemInstance, _ parameters: ParameterValues, seed: UInt64, budget: Int) {
    self.problem = problem
    self.parameters = parameters
    rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
    self.budget = budget
  }

  func declareTrace(_ columns: [String]) throws { self.columns = columns }

  func report(iteration: Int, _ values: [Double]) -> Bool {
    precondition(values.count == columns.count, "row has \(values.count) values for \(columns.count) columns")
    rows.append(values)
    if !values.allSatisfy(\.isFinite) {
      divergedAt = divergedAt ?? iteration
      return false
    }
    return iteration < budget
  }

  func count(_ oracle: Run.Oracle, _ n: Int) {
    if oracle == .innerStep { innerSteps += n }
  }

  func uncounted<T>(_ body: () throws -> T) rethrows -> T { try body() }

  func result(_ key: String, _ value: Double) throws { results[key] = value }

  func result(_ key: String, vector: [Double]) throws { vectors[key] = vector }

  func finish(_ reason: Termination, _ message: String) { termination = reason }

  /// The values of one column.
  func column(_ name: String) -> [Double] {
    guard let index = columns.firstIndex(of: name) else { return [] }
    return rows.map { $0[index] }
  }
}

/// Problem instances and algorithm runs as the host would build them.
enum Fixtures {
  /// An instance of `family` with `overrides`, seeded on the problem stream of `seed`.
  static func instance(
    _ family: ProblemFamily, seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try family.make(ParameterValues(defaultsOf: family.parameters, overriding: overrides), &rng)
  }

  /// The bilevel oracles of an instance.
  static func bilevel(
    _ family: ProblemFamily, seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> any BilevelProblem {
    try instance(family, seed: seed, overrides).bilevel()
  }

  /// Runs `algorithm` on `problem` with an iteration budget (rows 0…budget).
  static func run(
    _ algorithm: Algorithm, body: (any RunSession) throws -> Void, on problem: ProblemInstance, seed: UInt64 = 1,
    budget: Int, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> RecordingSession {
    let session = RecordingSession(
      problem, ParameterValues(defaultsOf: algorithm.parameters, overriding: overrides), seed: seed, budget: budget)
    try body(session)
    return session
  }

  /// F(x) = f(x, y*(x)) through the problem's exact lower-level solution.
  static func hyperobjective(_ problem: any BilevelProblem, _ x: [Double]) throws -> Double {
    try problem.upperValue(x, problem.lowerSolution(x).y, samples: nil)
  }

  /// Central differences of F along each coordinate.
  static func finiteDifferenceGradient(_ problem: any BilevelProblem, _ x: [Double], step: Double) throws -> [Double] {
    try (0..<x.count).map { i in
      var plus = x
      var minus = x
      plus[i] += step
      minus[i] -= step
      return (try hyperobjective(problem, plus) - hyperobjective(problem, minus)) / (2 * step)
    }
  }
}
