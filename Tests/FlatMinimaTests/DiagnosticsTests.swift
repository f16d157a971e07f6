import CatalogueSDK
import Glibc
import LinearAlgebra
import SeededRandom
import XCTest

@testable import FlatMinima

/// The flatness diagnostics: Hutchinson's estimator, the gradient-flow limit Φ, the nearest point of X* and the
/// flatness-stationarity residual, against closed forms.
final class DiagnosticsTests: XCTestCase {
  /// A dense symmetric A = QΛQᵀ-like matrix from a seed (no structure the estimator could exploit).
  private func symmetricMatrix(_ n: Int, seed: UInt64) -> [[Double]] {
    let b = TestSupport.normals(n * n, seed: seed)
    return (0..<n).map { i in (0..<n).map { j in (b[i * n + j] + b[j * n + i]) / 2 + (i == j ? 3 : 0) } }
  }

  func testHutchinsonIsUnbiasedOnAQuadraticWithinMonteCarloBounds() throws {
    let n = 12
    let a = symmetricMatrix(n, seed: 11)
    let gradient: ([Double]) -> [Double] = { x in a.map { ArrayMath.dot($0, x) } }
    let exact = (0..<n).reduce(0) { $0 + a[$1][$1] }
    // Variance of one Rademacher probe: 2 Σ_{i≠j} aᵢⱼ².
    var offDiagonal = 0.0
    for i in 0..<n { for j in 0..<n where i != j { offDiagonal += a[i][j] * a[i][j] } }
    let sigma = (2 * offDiagonal).squareRoot()
    var rng = CatalogueRandom(seed: 5)
    let m = 4000
    let estimator = HutchinsonTrace(count: m, dimension: n, rng: &rng)
    let x = TestSupport.normals(n, seed: 6)
    let values = estimator.probeValues(at: x, gradient: gradient)
    let mean = values.reduce(0, +) / Double(m)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1)
    // The sample spread agrees with the theory, and the mean is within 4 standard errors of tr A.
    XCTAssertEqual(variance.squareRoot(), sigma, accuracy: 0.1 * sigma)
    XCTAssertLessThan(abs(mean - exact), 4 * sigma / Double(m).squareRoot())
    XCTAssertEqual(estimator.estimate(at: x, gradient: gradient), mean, accuracy: 1e-12 * abs(mean))
    // A wrong scale (forgetting the 1/(2h)) or sign would be off by orders of magnitude; a diagonal Hessian makes
    // every probe exact.
    let diagonal: ([Double]) -> [Double] = { x in x.indices.map { Double($0 + 1) * x[$0] } }
    for value in estimator.probeValues(at: x, gradient: diagonal).prefix(20) {
      XCTAssertEqual(value, Double(n * (n + 1) / 2), accuracy: 1e-8)
    }
  }

  func testHutchinsonOptionAgreesWithClosedFormTrace() throws {
    let exact = try TestSupport.instance(DiagonalNetwork.family)
    let estimated = try TestSupport.instance(DiagonalNetwork.family, ["trace_probes": .int(200)])
    let start = try exact.objective().initialPoint()
    let a = try XCTUnwrap(try exact.metrics?(start))[0]
    let b = try XCTUnwrap(try estimated.metrics?(start))[0]
    // 200 probes: relative Monte Carlo error of a few percent for this Hessian; the closed form is exact.
    XCTAssertEqual(b, a, accuracy: 0.1 * a)
    XCTAssertNotEqual(a, b)
  }

  func testHyperbolaFlowLimitConservesTheInvariantAndMatchesGradientDescent() throws {
    let model = Hyperbola(start: [4, 0.25])
    let f = SquaredLoss(model: model, name: "hyperbola")
    for x in [[4.0, 0.3], [1.5, 0.5], [-2.0, -0.4], [0.3, -2.0], [2.0, -0.1]] {
      let limit = try XCTUnwrap(model.flowLimit(x))
      XCTAssertEqual(limit[0] * limit[1], 1, accuracy: 1e-14)
      XCTAssertEqual(limit[0] * limit[0] - limit[1] * limit[1], x[0] * x[0] - x[1] * x[1], accuracy: 1e-12)
      let descended = GradientFlowLimit().limit(from: x) { try! f.gradient($0).gradient }
      XCTAssertTrue(descended.converged)
      // The 0.1/β discretisation drifts along X* by O(step · distance travelled).
      XCTAssertLessThan(ArrayMath.distance(descended.point, limit), 2e-2 * ArrayMath.distance(x, limit) + 1e-9)
    }
    XCTAssertEqual(model.flowLimit([1, -1]), [0, 0])
  }

  func testScalarChainFlowLimitMatchesGradientDescent() throws {
    let model = ScalarChain(start: ScalarChain.start(depth: 4, imbalance: 2))
    let f = SquaredLoss(model: model, name: "chain")
    for x in [[2.1, 1.9, 0.5, 0.52], [1.2, -0.9, 1.1, -0.8], [1.2, -0.9, 1.1, 0.8]] {
      let limit = try XCTUnwrap(model.flowLimit(x))
      XCTAssertEqual(limit.reduce(1, *), 1, accuracy: 1e-13)
      // wⱼ² − wₖ² is conserved.
      XCTAssertEqual(limit[0] * limit[0] - limit[1] * limit[1], x[0] * x[0] - x[1] * x[1], accuracy: 1e-12)
      let descended = GradientFlowLimit().limit(from: x) { try! f.gradient($0).gradient }
      XCTAssertTrue(descended.converged)
      XCTAssertLessThan(ArrayMath.distance(descended.point, limit), 2e-2 * ArrayMath.distance(x, limit) + 1e-9)
    }
    // Odd number of negatives: the smallest modulus (0.8) passes through zero and changes sign on the way.
    let flipped = try XCTUnwrap(model.flowLimit([1.2, -0.9, 1.1, 0.8]))
    XCTAssertLessThan(flipped[3], 0)
    XCTAssertLessThan(flipped[1], 0)
    XCTAssertGreaterThan(flipped[0], 0)
  }

  func testDiagonalNetworkFlowLimitConservesProductsAndMatchesGradientDescent() throws {
    let f = try TestSupport.loss(
      DiagonalNetwork.family, as: DiagonalNetwork.self, ["width": .int(8), "samples": .int(4)])
    let model = f.model
    let start = try f.initialPoint()
    let x = ArrayMath.axpy(start, 0.02, TestSupport.normals(16, seed: 9))
    let limit = try XCTUnwrap(model.flowLimit(x))
    XCTAssertLessThan(try f.value(limit), 1e-26)
    for j in 0..<8 { XCTAssertEqual(limit[j] * limit[8 + j], x[j] * x[8 + j], accuracy: 1e-12) }
    let descended = GradientFlowLimit().limit(from: x) { try! f.gradient($0).gradient }
    XCTAssertTrue(descended.converged)
    XCTAssertLessThan(ArrayMath.distance(descended.point, limit), 2e-2 * ArrayMath.distance(x, limit))
    // Gauss–Newton agrees with Φ to second order in the distance.
    let projected = try MinimumSetGeometry.gaussNewtonProjection(model, from: x)
    XCTAssertLessThan(try f.value(projected), 1e-26)
    let distance = ArrayMath.distance(x, limit)
    XCTAssertLessThan(ArrayMath.distance(projected, limit), 20 * distance * distance)
    XCTAssertEqual(try XCTUnwrap(model.flowLimit(start)), start)
  }

  func testNearestPointOnHyperbolaMatchesOneDimensionalSearch() throws {
    let model = Hyperbola(start: [4, 0.25])
    for x in [[4.0, 0.4], [1.3, 0.6], [0.9, 1.2]] {
      let nearest = try MinimumSetGeometry.nearestPoint(model, to: x, from: try XCTUnwrap(model.flowLimit(x)))
      // Brute force over the branch a > 0, then golden-section refinement.
      var (lo, hi) = (0.05, 20.0)
      for _ in 0..<200 {
        let m1 = lo + (hi - lo) * 0.382
        let m2 = lo + (hi - lo) * 0.618
        let d1 = ArrayMath.distance(x, [m1, 1 / m1])
        let d2 = ArrayMath.distance(x, [m2, 1 / m2])
        if d1 < d2 { hi = m2 } else { lo = m1 }
      }
      XCTAssertEqual(ArrayMath.distance(x, nearest), ArrayMath.distance(x, [lo, 1 / lo]), accuracy: 1e-10)
      XCTAssertEqual(nearest[0] * nearest[1], 1, accuracy: 1e-13)
    }
  }

  func testFlatnessResidualMatchesClosedForms() throws {
    // Hyperbola, spec §4.1: |a² − b²|/‖(a, −b)‖ on X*.
    let hyperbola = Hyperbola(start: [4, 0.25])
    for a in [4.0, 2.0, 1.0, 0.5] {
      let residual = try MinimumSetGeometry.flatnessResidual(hyperbola, at: [a, 1 / a])
      let b = 1 / a
      XCTAssertEqual(residual, abs(a * a - b * b) / (a * a + b * b).squareRoot(), accuracy: 1e-12)
    }
    // Chain: on X*, tr̄ = (1/L) Σ 1/wⱼ², gradient −2/(L wⱼ³), normal (1/wⱼ)ⱼ.
    let w = [2.0, 0.8, 1.0 / 1.6]
    let chain = ScalarChain(start: w)
    let gradient = w.map { -2 / (3 * $0 * $0 * $0) }
    let normal = w.map { 1 / $0 }
    let tangent = ArrayMath.axpy(gradient, -ArrayMath.dot(gradient, normal) / ArrayMath.dot(normal, normal), normal)
    XCTAssertEqual(
      try MinimumSetGeometry.flatnessResidual(chain, at: w), ArrayMath.norm(tangent), accuracy: 1e-9)
    XCTAssertEqual(try MinimumSetGeometry.flatnessResidual(chain, at: [1, -1, -1]), 0, accuracy: 1e-9)
  }
}
