import Baselines
import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import XCTest

@testable import Invex

/// The methods against their reference points: K1 is GD, metric-gradient K3 is GD on u, the problems' known
/// minimisers are reached, the projected method stays feasible, and runs are reproducible.
final class InvexDescentTests: XCTestCase {
  let gd = InvexAlgorithms.gradientDescent
  let pgd = InvexAlgorithms.projectedGradientDescent
  var baselineGD: Algorithm { baselines.algorithms.first { $0.id == "gd" }! }

  /// K1 invex GD with a constant step is baselines' `gd`, iterate for iterate (bit for bit on f).
  func testK1EqualsGradientDescent() throws {
    let params: [String: ParameterValues.Value] = [
      "kernel": .string("k1"), "step": .string("constant"), "step_size": .real(0.2), "grad_tol": .real(0),
      "f_rel_tol": .real(0),
    ]
    let ours = try RecordingHost.run(
      gd, on: ReparametrisedLeastSquares.family, seed: 2, budget: 300, parameters: params)
    let theirs = try RecordingHost.run(
      baselineGD, on: ReparametrisedLeastSquares.family, seed: 2, budget: 300, parameters: ["step_size": .real(0.2)])
    XCTAssertEqual(ours.column("f"), theirs.column("f"))
    XCTAssertEqual(ours.vectors["x"], theirs.vectors["x"])
  }

  /// Metric-gradient K3 with step 1 is GD on u = φ(x) with step 1 = 1/L: the f traces agree to rounding while
  /// f is above 1e-20, and the final iterates satisfy u = φ(x).
  func testMetricK3EqualsGradientDescentOnU() throws {
    let params: [String: ParameterValues.Value] = [
      "kernel": .string("k3"), "gradient": .string("metric"), "step": .string("constant"), "step_size": .real(1),
      "grad_tol": .real(0), "f_rel_tol": .real(0),
    ]
    let ours = try RecordingHost.run(gd, on: ReparametrisedLeastSquares.family, seed: 3, budget: 60, parameters: params)
    let onU = try RecordingHost.run(
      baselineGD, on: ReparametrisedLeastSquares.family, seed: 3, budget: 60, parameters: ["step_size": .real(1)],
      problemParameters: ["beta": .real(0)])
    for (a, b) in zip(ours.column("f"), onU.column("f")) where b > 1e-20 {
      XCTAssertEqual(a, b, accuracy: 1e-9 * b)
    }
    let phi = try SineReparametrisation(beta: 0.9)
    let x = try XCTUnwrap(ours.vectors["x"])
    let u = try XCTUnwrap(onU.vectors["x"])
    for (a, b) in zip(phi.map(x), u) { XCTAssertEqual(a, b, accuracy: 1e-9) }
  }

  /// The default run (K3, Euclidean gradient, backtracking) solves I1: f − f* ≤ 1e-12, at x*.
  func testDefaultSolvesI1() throws {
    let record = try RecordingHost.run(gd, on: ReparametrisedLeastSquares.family, seed: 0, budget: 2000)
    XCTAssertEqual(record.finish?.reason, .converged)
    XCTAssertLessThan(try XCTUnwrap(record.last("f_gap")), 1e-12)
    XCTAssertLessThan(try XCTUnwrap(record.last("dist_to_opt")), 1e-6)
  }

  /// I4 reaches its only stationary point 0 from several starts, nonconvex stretches included.
  func testSineSquaredConvergesToZero() throws {
    for seed: UInt64 in 1...5 {
      let record = try RecordingHost.run(gd, on: SineSquared.family, seed: seed, budget: 500)
      XCTAssertLessThan(try XCTUnwrap(record.last("dist_to_opt")), 1e-8, "seed \(seed)")
    }
  }

  /// K2 on the Gaussian NLL reaches Σ = S with either gradient; K1 (Euclidean GD with the SPD safeguard) gets
  /// close more slowly.
  func testGaussianLikelihoodReachesScatter() throws {
    for (kernel, gradient, tolerance) in [("k2", "euclidean", 1e-5), ("k2", "metric", 1e-6), ("k1", "euclidean", 1e-3)]
    {
      let record = try RecordingHost.run(
        gd, on: GaussianLikelihood.family, seed: 1, budget: 3000,
        parameters: ["kernel": .string(kernel), "gradient": .string(gradient)])
      XCTAssertLessThan(try XCTUnwrap(record.last("dist_to_opt")), tolerance, "\(kernel) \(gradient)")
    }
  }

  /// Projected invex GD on I2 is feasible at every iterate and reaches the constrained optimum.
  func testProjectedStaysFeasibleAndReachesOptimum() throws {
    let record = try RecordingHost.run(pgd, on: ReparametrisedLeastSquares.boxFamily, seed: 1, budget: 2000)
    XCTAssertEqual(record.column("violation").max(), 0)
    XCTAssertLessThan(try XCTUnwrap(record.last("f_gap")), 1e-10)
    let ball = try RecordingHost.run(
      pgd, on: GaussianLikelihood.family, seed: 1, budget: 2000,
      parameters: ["gradient": .string("metric")], problemParameters: ["constraint": .string("geodesic-ball")])
    XCTAssertLessThanOrEqual(try XCTUnwrap(ball.column("violation").max()), 1e-12)
    XCTAssertLessThan(try XCTUnwrap(ball.last("dist_to_opt")), 1e-5)
  }

  func testSameSeedSameTrace() throws {
    let a = try RecordingHost.run(gd, on: TylerEstimator.family, seed: 7, budget: 50)
    let b = try RecordingHost.run(gd, on: TylerEstimator.family, seed: 7, budget: 50)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertFalse(a.rows.isEmpty)
  }

  func testBadInputsNameTheFix() throws {
    XCTAssertThrowsError(
      try RecordingHost.run(gd, on: GaussianLikelihood.family, parameters: ["kernel": .string("k3")])
    ) { XCTAssertTrue("\($0)".contains("phi_beta")) }
    XCTAssertThrowsError(try RecordingHost.run(pgd, on: ReparametrisedLeastSquares.family)) {
      XCTAssertTrue("\($0)".contains("invex-gd"))
    }
    XCTAssertThrowsError(try RecordingHost.run(gd, on: ReparametrisedLeastSquares.boxFamily)) {
      XCTAssertTrue("\($0)".contains("invex-pgd"))
    }
    XCTAssertThrowsError(
      try RecordingHost.run(gd, on: SineSquared.family, parameters: ["kernel": .string("k2")])
    ) { XCTAssertTrue("\($0)".contains("k1")) }
  }
}
