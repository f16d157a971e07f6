import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import Baselines

/// Known answers and finite-difference checks for the baselines' problems, called directly (no host).
final class ProblemOracleTests: XCTestCase {
  /// Central-difference check of the gradient along random directions, relative to the directional derivative.
  private func checkGradient(
    _ f: any ObjectiveFunction, at x: [Double], samples: [Int]? = nil, seed: UInt64 = 1,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    var rng = CatalogueRandom(seed: seed)
    let (_, g) = try f.gradient(x, samples: samples)
    for _ in 0..<3 {
      let v = rng.unitVector(f.dimension)
      let h = 1e-6
      let plus = try f.value(ArrayMath.axpy(x, h, v), samples: samples)
      let minus = try f.value(ArrayMath.axpy(x, -h, v), samples: samples)
      let numeric = (plus - minus) / (2 * h)
      let analytic = ArrayMath.dot(g, v)
      XCTAssertEqual(analytic, numeric, accuracy: 1e-6 * max(1, abs(numeric)), file: file, line: line)
    }
  }

  /// Finite-difference check of Hessian-vector products against gradient differences.
  private func checkHessianVector(
    _ f: any ObjectiveFunction, at x: [Double], file: StaticString = #filePath, line: UInt = #line
  ) throws {
    var rng = CatalogueRandom(seed: 2)
    let v = rng.unitVector(f.dimension)
    let h = 1e-6
    let plus = try f.gradient(ArrayMath.axpy(x, h, v)).gradient
    let minus = try f.gradient(ArrayMath.axpy(x, -h, v)).gradient
    let numeric = ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(plus, minus))
    let analytic = try f.hessianVector(x, v)
    let error = ArrayMath.norm(ArrayMath.subtract(numeric, analytic))
    XCTAssertLessThan(error, 1e-5 * max(1, ArrayMath.norm(analytic)), file: file, line: line)
  }

  private func instance(_ family: ProblemFamily, seed: UInt64 = 1) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try family.make(ParameterValues(defaultsOf: family.parameters), &rng)
  }

  func testRosenbrockKnownValuesAndMinimiser() throws {
    let f = Rosenbrock(dimension: 2)
    let (value, g) = try f.gradient([-1.2, 1])
    XCTAssertEqual(value, 24.2, accuracy: 1e-12)
    XCTAssertEqual(g[0], -215.6, accuracy: 1e-12)
    XCTAssertEqual(g[1], -88, accuracy: 1e-12)
    let atMinimum = try Rosenbrock(dimension: 4).gradient([1, 1, 1, 1])
    XCTAssertEqual(atMinimum.value, 0)
    XCTAssertEqual(atMinimum.gradient, [0, 0, 0, 0])
    try checkGradient(Rosenbrock(dimension: 5), at: [0.3, -0.7, 1.1, 0.2, -0.4])
    try checkHessianVector(Rosenbrock(dimension: 5), at: [0.3, -0.7, 1.1, 0.2, -0.4])
  }

  func testQuadraticSpectrumMinimiserAndDerivatives() throws {
    let problem = try instance(Quadratic.family)
    let f = try XCTUnwrap(try problem.objective() as? Quadratic)
    let n = f.dimension
    // Orthogonal similarity keeps trace(A) = Σλ and ‖A‖_F² = Σλ² for λ geometric in [1/κ, 1].
    let eigenvalues = RandomSpectrum.geometric(count: n, low: 0.01, high: 1)
    let trace = (0..<n).reduce(0) { $0 + f.matrix[$1 * n + $1] }
    XCTAssertEqual(trace, eigenvalues.reduce(0, +), accuracy: 1e-10)
    XCTAssertEqual(
      f.matrix.reduce(0) { $0 + $1 * $1 }, eigenvalues.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-10)
    XCTAssertEqual(try f.value(f.minimiser), 0)
    XCTAssertEqual(problem.reference("f_star"), 0)
    XCTAssertEqual(try problem.metrics?(f.minimiser), [0])
    try checkGradient(f, at: f.normalsLike(seed: 3))
    try checkHessianVector(f, at: f.normalsLike(seed: 4))
  }

  func testLogisticGradientsPerSampleAndOptimalValue() throws {
    let problem = try instance(LogisticRegression.family)
    let f = try XCTUnwrap(try problem.objective() as? LogisticRegression)
    XCTAssertEqual(f.sampleCount, 500)
    let x = f.normalsLike(seed: 5)
    try checkGradient(f, at: x)
    try checkGradient(f, at: x, samples: [3])
    try checkGradient(f, at: x, samples: [7, 7, 100])
    try checkHessianVector(f, at: x)
    // The full objective is the mean of the per-sample ones.
    let mean = try (0..<f.sampleCount).reduce(0.0) { $0 + (try f.value(x, samples: [$1])) } / 500
    XCTAssertEqual(mean, try f.value(x), accuracy: 1e-12)
    // f* is a true minimum: no random nearby point is lower, and it is below f at 0.
    let fStar = try XCTUnwrap(problem.reference("f_star"))
    XCTAssertLessThan(fStar, try f.value(try f.initialPoint()))
    XCTAssertThrowsError(try f.value(x, samples: [500]))
  }

  func testLogisticOptimalValueIsStationary() throws {
    let f = try XCTUnwrap(try instance(LogisticRegression.family).objective() as? LogisticRegression)
    var x = try f.initialPoint()
    for _ in 0..<30 {
      let g = try f.gradient(x).gradient
      let step = try ConjugateGradient.solve(rhs: g, tolerance: 1e-14, maxIterations: 100) {
        try f.hessianVector(x, $0)
      }
      x = ArrayMath.subtract(x, step)
    }
    XCTAssertLessThan(ArrayMath.norm(try f.gradient(x).gradient), 1e-10)
    XCTAssertEqual(try f.optimalValue(), try f.value(x), accuracy: 1e-13)
  }

  func testRayleighMinimumIsSmallestEigenvalue() throws {
    let problem = try instance(RayleighQuotient.family)
    let f = try XCTUnwrap(try problem.objective() as? RayleighQuotient)
    let n = f.dimension
    let trace = (0..<n).reduce(0) { $0 + f.matrix[$1 * n + $1] }
    XCTAssertEqual(trace, (0..<n).reduce(0) { $0 + 1 + 9 * Double($1) / Double(n - 1) }, accuracy: 1e-10)
    XCTAssertEqual(problem.reference("f_star"), 1)
    let start = try f.initialPoint()
    XCTAssertEqual(ArrayMath.norm(start), 1, accuracy: 1e-14)
    // f ≥ λ_min = 1 on the sphere.
    var rng = CatalogueRandom(seed: 8)
    for _ in 0..<100 {
      XCTAssertGreaterThanOrEqual(try f.value(rng.unitVector(n)), 1 - 1e-12)
    }
    try checkGradient(f, at: start)
    XCTAssertNotNil(f.geometry)
  }

  func testNonFiniteSumProblemsRejectSampleSets() throws {
    XCTAssertThrowsError(try Rosenbrock(dimension: 2).value([0, 0], samples: [0]))
  }

  func testConjugateGradientSolveIsExactOnSmallSystems() throws {
    // A 3×3 SPD system with a known solution.
    let a: [Double] = [4, 1, 0, 1, 3, 1, 0, 1, 2]
    let solution: [Double] = [1, -2, 3]
    let rhs = ArrayMath.matrixProduct(a, solution, n: 3)
    let s = try ConjugateGradient.solve(rhs: rhs, tolerance: 1e-15, maxIterations: 3) {
      ArrayMath.matrixProduct(a, $0, n: 3)
    }
    for i in 0..<3 { XCTAssertEqual(s[i], solution[i], accuracy: 1e-12) }
  }
}

extension ObjectiveFunction {
  /// A reproducible Gaussian point of the right dimension.
  func normalsLike(seed: UInt64) -> [Double] {
    var rng = CatalogueRandom(seed: seed)
    return rng.normals(dimension)
  }
}
