import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import RF2SA

/// The testbeds' oracles: closed forms, finite differences of values and gradients, and their reference values.
final class ProblemOracleTests: XCTestCase {
  /// A symmetric direction for SPD points.
  private func symmetric(_ n: Int, _ rng: inout CatalogueRandom) -> [Double] {
    Matrix(rows: n, cols: n, elements: rng.normals(n * n)).symmetrized().elements
  }

  /// Central differences of f(x + tu, y + tv) against ⟨∇ₓ, u⟩ + ⟨∇_y, v⟩.
  private func checkGradient(
    value: ([Double], [Double]) throws -> Double, gradient: ([Double], [Double]) throws -> (x: [Double], y: [Double]),
    at x: [Double], _ y: [Double], along u: [Double], _ v: [Double], tolerance: Double = 1e-7,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let h = 1e-6
    let plus = try value(ArrayMath.axpy(x, h, u), ArrayMath.axpy(y, h, v))
    let minus = try value(ArrayMath.axpy(x, -h, u), ArrayMath.axpy(y, -h, v))
    let numeric = (plus - minus) / (2 * h)
    let g = try gradient(x, y)
    let analytic = ArrayMath.dot(g.x, u) + ArrayMath.dot(g.y, v)
    XCTAssertEqual(analytic, numeric, accuracy: tolerance * max(1, abs(numeric)), file: file, line: line)
  }

  /// Central differences of the gradients against the Hessian products ∇²_yy g·v and ∇²_xy g·v.
  private func checkHessians(
    _ p: any BilevelProblem, at x: [Double], _ y: [Double], along v: [Double], file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let h = 1e-6
    let plus = try p.lowerGradient(x, ArrayMath.axpy(y, h, v), samples: nil)
    let minus = try p.lowerGradient(x, ArrayMath.axpy(y, -h, v), samples: nil)
    let yy = ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(plus.y, minus.y))
    let xy = ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(plus.x, minus.x))
    let analyticYY = try p.lowerHessianYY(x, y, v)
    let analyticXY = try p.lowerHessianXY(x, y, v)
    XCTAssertLessThan(
      ArrayMath.norm(ArrayMath.subtract(yy, analyticYY)), 1e-6 * max(1, ArrayMath.norm(analyticYY)), file: file,
      line: line)
    XCTAssertLessThan(
      ArrayMath.norm(ArrayMath.subtract(xy, analyticXY)), 1e-6 * max(1, ArrayMath.norm(analyticXY)), file: file,
      line: line)
  }

  func testStiefelSPDClosedFormSolvesTheLowerProblem() throws {
    for seed: UInt64 in 1...3 {
      let p = try XCTUnwrap(try Fixtures.instance(StiefelSPDBilevel.family, seed: seed).bilevel() as? StiefelSPDBilevel)
      var rng = CatalogueRandom(seed: seed)
      let w = try p.stiefel.randomPoint(&rng)
      let mStar = try p.lowerSolution(w).y
      let m = Matrix(rows: p.d, cols: p.d, elements: mStar)
      let b = p.b(p.w(w), p.full.yy)
      // M*·A·M* = B (spec §6.1) and ∇_M g(W, M*) = A − M*⁻¹BM*⁻¹ = 0, to round-off.
      XCTAssertLessThan((m * (p.full.a * m) - b).frobeniusNorm, 1e-13 * b.frobeniusNorm)
      let gradient = try p.lowerGradient(w, mStar, samples: nil).y
      XCTAssertLessThan(ArrayMath.norm(gradient), 1e-11 * p.full.a.frobeniusNorm)
      XCTAssertEqual(try p.spd.manifoldError(mStar), 0, accuracy: 1e-15)
      // It is the minimum: g grows along geodesics leaving M* in random directions.
      let g = try p.lowerValue(w, mStar, samples: nil)
      for _ in 0..<5 {
        let v = try p.spd.tangentGaussian(mStar, &rng)
        XCTAssertGreaterThan(try p.lowerValue(w, try p.spd.exp(mStar, ArrayMath.scale(0.01, v)), samples: nil), g)
      }
    }
  }

  func testStiefelSPDGradientsAndHessiansMatchFiniteDifferences() throws {
    let p = try XCTUnwrap(try Fixtures.instance(StiefelSPDBilevel.family).bilevel() as? StiefelSPDBilevel)
    var rng = CatalogueRandom(seed: 5)
    let w = try p.stiefel.randomPoint(&rng)
    let m = try p.spd.randomPoint(&rng)
    let u = rng.normals(p.dimensionX)
    let v = symmetric(p.d, &rng)
    for samples in [nil, [0, 3, 3, 17]] as [[Int]?] {
      try checkGradient(
        value: { try p.upperValue($0, $1, samples: samples) },
        gradient: { try p.upperGradient($0, $1, samples: samples) },
        at: w, m, along: u, v)
      try checkGradient(
        value: { try p.lowerValue($0, $1, samples: samples) },
        gradient: { try p.lowerGradient($0, $1, samples: samples) },
        at: w, m, along: u, v)
    }
    try checkHessians(p, at: w, m, along: v)
  }

  func testStiefelSPDSampleTermsAverageToTheFullObjective() throws {
    let p = try XCTUnwrap(try Fixtures.instance(StiefelSPDBilevel.family).bilevel() as? StiefelSPDBilevel)
    var rng = CatalogueRandom(seed: 6)
    let w = try p.stiefel.randomPoint(&rng)
    let m = try p.spd.randomPoint(&rng)
    let terms = try (0..<p.n).map { try p.lowerValue(w, m, samples: [$0]) }
    XCTAssertEqual(terms.reduce(0, +) / Double(p.n), try p.lowerValue(w, m, samples: nil), accuracy: 1e-12)
    let upper = try (0..<p.n).map { try p.upperGradient(w, m, samples: [$0]).x }
    let mean = upper.reduce([Double](repeating: 0, count: p.dimensionX)) { ArrayMath.axpy($0, 1 / Double(p.n), $1) }
    XCTAssertLessThan(ArrayMath.norm(ArrayMath.subtract(mean, try p.upperGradient(w, m, samples: nil).x)), 1e-13)
    XCTAssertThrowsError(try p.lowerValue(w, m, samples: [p.n]))
  }

  func testHyperRepresentationOraclesAndRidgeSolution() throws {
    let p = try XCTUnwrap(try Fixtures.instance(HyperRepresentation.family).bilevel() as? HyperRepresentation)
    XCTAssertEqual(p.dimensionY, 6)
    XCTAssertEqual(p.lowerSampleCount, 30)
    var rng = CatalogueRandom(seed: 7)
    let w = try p.stiefel.randomPoint(&rng)
    let gamma = rng.normals(p.dimensionY)
    let u = rng.normals(p.dimensionX)
    let v = rng.normals(p.dimensionY)
    try checkGradient(
      value: { try p.upperValue($0, $1, samples: nil) }, gradient: { try p.upperGradient($0, $1, samples: nil) },
      at: w, gamma, along: u, v)
    try checkGradient(
      value: { try p.lowerValue($0, $1, samples: [1, 4]) }, gradient: { try p.lowerGradient($0, $1, samples: [1, 4]) },
      at: w, gamma, along: u, v)
    try checkHessians(p, at: w, gamma, along: v)
    // φᵢᵀγ = ⟨logm(WᵀAᵢW), G(γ)⟩: the coefficient matrix reproduces the triu inner product.
    let feature = try p.features(w, p.trainInputs, [0])[0]
    XCTAssertEqual(
      feature.logarithm.value.frobeniusInner(p.coefficientMatrix(gamma)), ArrayMath.dot(feature.phi, gamma),
      accuracy: 1e-12)
    // γ*(W) zeroes ∇_γ g.
    let solution = try p.lowerSolution(w).y
    XCTAssertLessThan(ArrayMath.norm(try p.lowerGradient(w, solution, samples: nil).y), 1e-12)
  }

  func testSymmetricLogarithmDerivativeMatchesFiniteDifferences() throws {
    var rng = CatalogueRandom(seed: 8)
    let spd = try SPD(4)
    // Include a repeated eigenvalue, where the divided difference becomes 1/λ.
    let s = Matrix(rows: 4, cols: 4, elements: try spd.randomPoint(&rng)) + Matrix.identity(4)
    for base in [s, Matrix.diagonal([2, 2, 3, 0.5])] {
      let e = Matrix(rows: 4, cols: 4, elements: rng.normals(16)).symmetrized()
      let h = 1e-6
      let numeric = (try (base + h * e).symmetricLog() - (try (base - h * e).symmetricLog())) / (2 * h)
      let analytic = try SymmetricLogarithm(base).derivative(e)
      XCTAssertLessThan((numeric - analytic).frobeniusNorm, 1e-8)
    }
  }

  func testSphereToyReferenceIsTheGlobalMinimum() throws {
    for seed: UInt64 in 1...4 {
      let instance = try Fixtures.instance(SphereBilevelToy.family, seed: seed)
      let p = try XCTUnwrap(try instance.bilevel() as? SphereBilevelToy)
      let fStar = try XCTUnwrap(instance.reference("f_star"))
      let xStar = try p.globalMinimiser()
      XCTAssertEqual(try p.sphere.manifoldError(xStar), 0, accuracy: 1e-14)
      XCTAssertEqual(try p.value(xStar), fStar)
      // Stationary on the sphere, and no lower than a dense random search.
      let k = p.c * p.b
      let euclidean = Matrix.product(k, Vector(ArrayMath.subtract((k * Vector(xStar)).elements, p.e)), transpose: true)
      XCTAssertLessThan(ArrayMath.norm(try p.sphere.project(xStar, euclidean.elements)), 1e-10)
      var rng = CatalogueRandom(seed: seed)
      for _ in 0..<2000 {
        XCTAssertGreaterThanOrEqual(try p.value(try p.sphere.randomPoint(&rng)), fStar - 1e-14)
      }
    }
  }

  func testQuadraticReferenceIsTheMinimum() throws {
    let instance = try Fixtures.instance(QuadraticBilevel.family)
    let p = try XCTUnwrap(try instance.bilevel() as? QuadraticBilevel)
    let fStar = try XCTUnwrap(instance.reference("f_star"))
    let xStar = try p.minimiser()
    func value(_ x: [Double]) throws -> Double { try p.upperValue(x, try p.lowerSolution(x).y, samples: nil) }
    var rng = CatalogueRandom(seed: 9)
    for _ in 0..<20 {
      let direction = rng.normals(p.dimensionX)
      // F is a strongly convex quadratic: F(x* ± tu) − F* = ½t²uᵀ∇²Fu > 0 symmetrically.
      let up = try value(ArrayMath.axpy(xStar, 0.1, direction)) - fStar
      let down = try value(ArrayMath.axpy(xStar, -0.1, direction)) - fStar
      XCTAssertGreaterThan(up, 0)
      XCTAssertEqual(up, down, accuracy: 1e-10)
    }
    let y = rng.normals(p.dimensionY)
    try checkGradient(
      value: { try p.lowerValue($0, $1, samples: [2, 9]) }, gradient: { try p.lowerGradient($0, $1, samples: [2, 9]) },
      at: xStar, y, along: rng.normals(p.dimensionX), rng.normals(p.dimensionY))
    try checkGradient(
      value: { try p.upperValue($0, $1, samples: nil) }, gradient: { try p.upperGradient($0, $1, samples: nil) },
      at: xStar, y, along: rng.normals(p.dimensionX), rng.normals(p.dimensionY))
    try checkHessians(p, at: xStar, y, along: rng.normals(p.dimensionY))
  }
}
