import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import SeededRandom
import XCTest

@testable import Invex

/// Every problem's gradient against central differences, along random directions (symmetric ones on SPD).
final class GradientTests: XCTestCase {
  func check(
    _ family: ProblemFamily, _ overrides: [String: ParameterValues.Value] = [:], symmetric n: Int? = nil,
    at point: (([Double]) -> [Double])? = nil, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let instance = try RecordingHost.makeInstance(family, seed: 3, overrides)
    let f = try instance.objective()
    var rng = CatalogueRandom(seed: 17)
    var x = try f.initialPoint()
    if let point { x = point(x) }
    let g = try f.gradient(x).gradient
    for _ in 0..<5 {
      var v = rng.normals(f.dimension)
      if let n {
        v = Matrix(rows: n, cols: n, elements: v).symmetrized().elements
      }
      let h = 1e-6
      let plus = try f.value(ArrayMath.axpy(x, h, v))
      let minus = try f.value(ArrayMath.axpy(x, -h, v))
      let numeric = (plus - minus) / (2 * h)
      let analytic = ArrayMath.dot(g, v)
      XCTAssertEqual(analytic, numeric, accuracy: 1e-6 * max(1, abs(numeric)), family.id, file: file, line: line)
    }
  }

  func testReparametrisedLeastSquares() throws {
    try check(ReparametrisedLeastSquares.family, at: { $0.enumerated().map { 0.7 * Double($0.offset) - 3 } })
    try check(ReparametrisedLeastSquares.boxFamily, at: { $0.map { _ in 0.2 } })
  }

  func testSineSquared() throws { try check(SineSquared.family) }

  /// Away from the identity start, at a generic SPD point, for each SPD problem.
  func testSPDProblems() throws {
    let n = 4
    var rng = CatalogueRandom(seed: 2)
    let p = try SPDMath.randomSPD(n, spread: 0.4, rng: &rng).elements
    try check(GaussianLikelihood.family, ["n": .int(n)], symmetric: n, at: { _ in p })
    try check(KarcherMean.family, ["n": .int(n)], symmetric: n, at: { _ in p })
    try check(TylerEstimator.family, ["n": .int(n)], symmetric: n, at: { _ in p })
  }

  /// The references are stationary: ∇f = 0 at S (Gaussian NLL), at the fixed-point Karcher mean and at Tyler's
  /// fixed point, and f is +∞ off the cone.
  func testReferencesAreStationary() throws {
    let n = 5
    var rng = CatalogueRandom(seed: 1, stream: 1)
    let nll = try XCTUnwrap(
      try RecordingHost.makeInstance(GaussianLikelihood.family, seed: 1, ["n": .int(n)]).objective()
        as? GaussianLikelihood)
    XCTAssertLessThan(ArrayMath.maxAbs(try nll.gradient(nll.scatter.elements).gradient), 1e-10)
    XCTAssertEqual(try nll.value((-1 * Matrix.identity(n)).elements), .infinity)
    let karcher = try XCTUnwrap(
      try RecordingHost.makeInstance(KarcherMean.family, seed: 1, ["n": .int(n)]).objective() as? KarcherMean)
    let mean = try KarcherFixedPoint.mean(karcher.points)
    XCTAssertLessThan(ArrayMath.maxAbs(try karcher.gradient(mean.elements).gradient), 1e-10)
    let data = try SPDMath.samples(Matrix.identity(n), count: 30, rng: &rng)
    let tyler = TylerEstimator(n: n, data: data)
    let sigma = try TylerFixedPoint.estimate(data)
    XCTAssertLessThan(ArrayMath.maxAbs(try tyler.gradient(sigma.elements).gradient), 1e-9)
  }
}
