import CatalogueSDK
import SeededRandom
import XCTest

@testable import RF2SA

/// A host-free ``RunChannel``: records declared columns, rows and results, and stops after `budget` rows.
final class RecordingChannel: RunChannel {
  let budget: Int
  private(set) var columns: [String] = []
  private(set) var rows: [(iteration: Int, values: [Double])] = []
  private(set) var results: [String: [Double]] = [:]
  private(set) var innerSteps = 0

  init(budget: Int) { self.budget = budget }

  func declareTrace(_ columns: [String]) throws { self.columns = columns }

  func report(iteration: Int, _ values: [Double]) -> Bool {
    rows.append((iteration, values))
    return iteration < budget
  }

  func count(_ oracle: Run.Oracle, _ n: Int) {
    if oracle == .innerStep { innerSteps += n }
  }

  func uncounted<T>(_ body: () throws -> T) rethrows -> T { try body() }

  func result(_ key: String, _ value: Double) throws { results[key] = [value] }

  func result(_ key: String, vector: [Double]) throws { results[key] = vector }

  /// The values of one column, row by row.
  func column(_ name: String) -> [Double] {
    guard let index = columns.firstIndex(of: name) else { return [] }
    return rows.map { $0.values[index] }
  }
}

/// Instances and parameter values as the host would build them.
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

  static func algorithmRandom(seed: UInt64 = 1) -> CatalogueRandom {
    CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
  }
}
