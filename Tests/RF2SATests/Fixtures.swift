import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import RF2SA

/// Instances, parameter values and runs as the host would build them.
enum Fixtures {
  static func instance(
    _ family: ProblemFamily, seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try family.make(ParameterValues(defaultsOf: family.parameters, overriding: overrides), &rng)
  }

  static func parameters(
    _ algorithm: Algorithm, _ overrides: [String: ParameterValues.Value] = [:]
  ) -> ParameterValues {
    ParameterValues(defaultsOf: algorithm.parameters, overriding: overrides)
  }

  /// Runs `algorithm` on `instance` through the SDK's recording host for `iterations` steps (rows 0…iterations),
  /// its random stream seeded as the host seeds it (stream 2 of `seed`).
  static func run(
    _ algorithm: Algorithm, on instance: ProblemInstance, seed: UInt64 = 1, iterations: Int,
    _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    try RecordingHost.run(algorithm, on: instance, seed: seed, budget: iterations + 1, parameters: overrides)
  }

  static func algorithmRandom(seed: UInt64 = 1) -> CatalogueRandom {
    CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
  }
}
