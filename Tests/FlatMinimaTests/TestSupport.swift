import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import FlatMinima

/// Builders and numerical checks shared by the flat-minima tests (all host-free).
enum TestSupport {
  /// An instance of `family` with its default parameters, some overridden, seeded like a host run.
  static func instance(
    _ family: ProblemFamily, seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try family.make(ParameterValues(defaultsOf: family.parameters, overriding: overrides), &rng)
  }

  /// The squared-loss objective of `family`'s instance.
  static func loss<Model: OutputModel>(
    _ family: ProblemFamily, as: Model.Type, seed: UInt64 = 1, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> SquaredLoss<Model> {
    let problem = try instance(family, seed: seed, overrides)
    return try XCTUnwrap(try problem.objective() as? SquaredLoss<Model>)
  }

  /// The full Hessian by central differences of the gradient, column by column.
  static func finiteDifferenceHessian(_ f: any ObjectiveFunction, at x: [Double], h: Double = 1e-5) throws -> [[Double]]
  {
    try (0..<f.dimension).map { j in
      var plus = x
      var minus = x
      plus[j] += h
      minus[j] -= h
      let gp = try f.gradient(plus).gradient
      let gm = try f.gradient(minus).gradient
      return (0..<f.dimension).map { (gp[$0] - gm[$0]) / (2 * h) }
    }
  }

  /// A reproducible Gaussian vector.
  static func normals(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
    var rng = CatalogueRandom(seed: seed)
    return rng.normals(count).map { $0 * scale }
  }
}

/// Central-difference check of the gradient (over `samples`) along random directions.
func assertGradientMatchesFiniteDifferences(
  _ f: any ObjectiveFunction, at x: [Double], samples: [Int]? = nil, seed: UInt64 = 7,
  file: StaticString = #filePath, line: UInt = #line
) throws {
  var rng = CatalogueRandom(seed: seed)
  let (value, g) = try f.gradient(x, samples: samples)
  XCTAssertEqual(value, try f.value(x, samples: samples), accuracy: 1e-14 * max(1, abs(value)), file: file, line: line)
  for _ in 0..<4 {
    let v = rng.unitVector(f.dimension)
    let h = 1e-6
    let numeric =
      (try f.value(ArrayMath.axpy(x, h, v), samples: samples) - f.value(ArrayMath.axpy(x, -h, v), samples: samples))
      / (2 * h)
    XCTAssertEqual(ArrayMath.dot(g, v), numeric, accuracy: 1e-6 * max(1, abs(numeric)), file: file, line: line)
  }
}
