import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom

@testable import LinconBilevel

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

  /// Runs `algorithm` on `problem` through the SDK's recording host for `budget` iterations (rows 0…budget), its
  /// random stream seeded as the host seeds it (stream 2 of `seed`).
  static func run(
    _ algorithm: Algorithm, on problem: ProblemInstance, seed: UInt64 = 1, budget: Int,
    _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    try RecordingHost.run(algorithm, on: problem, seed: seed, budget: budget + 1, parameters: overrides)
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
