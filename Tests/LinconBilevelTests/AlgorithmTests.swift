import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinconBilevel

/// Every algorithm run end to end through an in-process recording host: same seed same trace, the update rules, the
/// stopping rules and the metrics.
final class AlgorithmTests: XCTestCase {
  private func toy(_ overrides: [String: ParameterValues.Value] = [:], seed: UInt64 = 1) throws -> ProblemInstance {
    try Fixtures.instance(LinconToy.family, seed: seed, overrides)
  }

  func testSameSeedGivesTheSameTraceForEveryAlgorithm() throws {
    let cases: [(Algorithm, ProblemInstance, [String: ParameterValues.Value])] = [
      (F2CBA.algorithm, try toy(["active": .int(2)]), [:]),
      (ImplicitKKT.algorithm, try toy(), ["perturbation": .real(0.01)]),
      (BestResponse.algorithm, try toy(), [:]),
      (F2CBAEq.algorithm, try Fixtures.instance(LinconEquality.family), [:]),
      (GoldsteinO2NC.algorithm, try toy(), ["window": .int(20)]),
      (GoldsteinZO.algorithm, try toy(), ["window": .int(20)]),
      (HypergradientError.algorithm, try toy(["active": .int(3)]), [:]),
    ]
    for (algorithm, problem, overrides) in cases {
      let first = try Fixtures.run(algorithm, on: problem, seed: 3, budget: 6, overrides)
      let second = try Fixtures.run(algorithm, on: problem, seed: 3, budget: 6, overrides)
      XCTAssertEqual(first.rows.count, 7, algorithm.id)
      XCTAssertTrue(first.rows.allSatisfy { $0.values.allSatisfy(\.isFinite) }, algorithm.id)
      XCTAssertTrue(
        first.rows.elementsEqual(second.rows) {
          zip($0.values, $1.values).allSatisfy { $0.bitPattern == $1.bitPattern }
        },
        algorithm.id)
      XCTAssertEqual(first.oracleCounts[.innerStep], second.oracleCounts[.innerStep], algorithm.id)
      XCTAssertGreaterThan(first.oracleCounts[.innerStep] ?? 0, 0, algorithm.id)
    }
    // The randomised methods do depend on the seed.
    for (algorithm, overrides) in [
      (GoldsteinZO.algorithm, ["window": ParameterValues.Value.int(20)]),
      (ImplicitKKT.algorithm, ["perturbation": .real(0.01)]),
    ] {
      let a = try Fixtures.run(algorithm, on: try toy(), seed: 3, budget: 4, overrides)
      let b = try Fixtures.run(algorithm, on: try toy(), seed: 4, budget: 4, overrides)
      XCTAssertNotEqual(a.rows, b.rows, algorithm.id)
    }
  }

  func testSGDAndAdamTakeTheOfficialFirstStep() throws {
    let problem = try toy(["active": .int(2)])
    let x0 = try problem.bilevel().initialPoint().x
    let settings = try F2CBAParameters.settings(ParameterValues(defaultsOf: F2CBA.algorithm.parameters))
    let v = try F2CBAOracle(try problem.bilevel(), settings: settings).evaluate(at: x0).gradient
    let sgd = try Fixtures.run(
      F2CBA.algorithm, on: problem, budget: 1,
      ["optimizer": .string("sgd"), "learning_rate": .real(0.5)])
    let expected = ArrayMath.axpy(x0, -0.5, v)
    XCTAssertLessThan(ArrayMath.distance(try XCTUnwrap(sgd.vectors["x"]), expected), 1e-12)
    // Adam's bias-corrected first step is lr·g/(|g| + ε) per coordinate.
    let adam = try Fixtures.run(F2CBA.algorithm, on: problem, budget: 1)
    let step = ArrayMath.subtract(x0, try XCTUnwrap(adam.vectors["x"]))
    for i in v.indices { XCTAssertEqual(step[i], 1e-3 * v[i] / (abs(v[i]) + 1e-8), accuracy: 1e-15) }
    // Clipping bounds every coordinate of the SGD step.
    let clipped = try Fixtures.run(
      F2CBA.algorithm, on: problem, budget: 1,
      ["optimizer": .string("sgd"), "learning_rate": .real(1), "clip": .real(1e-3)])
    XCTAssertLessThanOrEqual(
      ArrayMath.maxAbs(ArrayMath.subtract(try XCTUnwrap(clipped.vectors["x"]), x0)), 1e-3 + 1e-15)
  }

  func testF2CBATracksTheExactMethodAndItsErrorIsSmall() throws {
    let problem = try toy(["dim_y": .int(20), "active": .int(2)])
    let overrides: [String: ParameterValues.Value] = ["learning_rate": .real(1e-2)]
    let f2cba = try Fixtures.run(F2CBA.algorithm, on: problem, budget: 60, overrides)
    let kkt = try Fixtures.run(ImplicitKKT.algorithm, on: problem, budget: 60, overrides)
    XCTAssertLessThan(f2cba.column("grad_error_rel").max()!, 0.02)
    XCTAssertLessThan(kkt.column("grad_error_rel").max()!, 1e-9)
    let (a, b) = (f2cba.column("f").last!, kkt.column("f").last!)
    XCTAssertLessThan(b, f2cba.column("f").first! - 0.05, "the run should make progress")
    XCTAssertEqual(a, b, accuracy: 0.02 * abs(b))
    XCTAssertEqual(f2cba.column("active").first, 2)
    for key in ["time_lower_s", "time_penalty_s", "time_lower_per_step_s", "time_penalty_per_step_s", "time_step_s"] {
      XCTAssertNotNil(f2cba.results[key], key)
    }
    XCTAssertNotNil(kkt.results["time_kkt_s"])
    // Turning the metric off leaves the trajectory unchanged.
    let untracked = try Fixtures.run(
      F2CBA.algorithm, on: problem, budget: 60,
      overrides.merging(["track_error": .bool(false)]) { $1 })
    XCTAssertEqual(untracked.column("f"), f2cba.column("f"))
    XCTAssertEqual(untracked.columns, ["f", "grad_norm", "active"])
  }

  func testF2CBAEqConvergesAndStops() throws {
    let problem = try Fixtures.instance(LinconEquality.family)
    let run = try Fixtures.run(F2CBAEq.algorithm, on: problem, budget: 500)
    XCTAssertEqual(run.finish?.reason, .converged)
    XCTAssertLessThanOrEqual(run.column("grad_norm").last!, 0.5e-4)
    XCTAssertLessThan(run.column("f").last!, run.column("f").first!)
    // At λ = 1000 the estimate is within ~1e-3 of ∇F (O(1/λ)).
    XCTAssertLessThan(run.column("grad_error_rel").first!, 5e-3)
  }

  func testGoldsteinDriversCertifyTheirTarget() throws {
    let problem = try toy()
    let o2nc = try Fixtures.run(
      GoldsteinO2NC.algorithm, on: problem, budget: 200, ["epsilon": .real(0.1)])
    XCTAssertEqual(o2nc.finish?.reason, .converged)
    XCTAssertTrue(o2nc.rows.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    let certificate = try XCTUnwrap(o2nc.results["certificate"])
    XCTAssertLessThanOrEqual(certificate, 0.1)
    XCTAssertEqual(o2nc.column("certificate").last, certificate)
    // The certificate is the mean of F2CBA gradients: close to the exact mean up to the oracle error.
    XCTAssertLessThan(o2nc.column("grad_error").last!, 0.02)
    XCTAssertEqual(o2nc.results["window_length"], 100)
    let zo = try Fixtures.run(
      GoldsteinZO.algorithm, on: problem, budget: 200, ["epsilon": .real(0.2)])
    XCTAssertEqual(zo.finish?.reason, .converged)
    XCTAssertLessThanOrEqual(try XCTUnwrap(zo.results["certificate"]), 0.2)
    XCTAssertEqual(zo.results["window_length"], 4 * 10 * 0.25 / 0.04)
    XCTAssertEqual(zo.results["function_evaluations"], 2 * zo.results["oracle_calls"]!)
  }

  func testHypergradientErrorSweepsShowTheRates() throws {
    let problem = try toy(["active": .int(3)])
    let ineq = try Fixtures.run(HypergradientError.algorithm, on: problem, budget: 30)
    let alphas = ineq.column("alpha")
    XCTAssertEqual(alphas[0], 0.3)
    XCTAssertEqual(alphas[1], 0.3)
    XCTAssertEqual(alphas[30], 0.01, accuracy: 1e-15)
    let k = (1...30).map { log(Double($0)) }
    let slope = Fit.slope(x: k, y: ineq.column("grad_error_rel").dropFirst().map(log))
    XCTAssertTrue((-2.4 ... -1.6).contains(slope), "slope \(slope)")
    let eq = try Fixtures.run(
      HypergradientError.algorithm, on: try Fixtures.instance(LinconEquality.family),
      budget: 30, ["oracle": .string("eq")])
    let eqSlope = Fit.slope(x: k, y: eq.column("grad_error_rel").dropFirst().map(log))
    XCTAssertEqual(eqSlope, -1, accuracy: 0.1)
  }

  func testBadParametersAreRejectedWithTheirName() throws {
    XCTAssertThrowsError(
      try Fixtures.run(F2CBAEq.algorithm, on: try toy(), budget: 2)
    ) { XCTAssertTrue("\($0)".contains("f2cba-eq needs equality constraints"), "\($0)") }
    XCTAssertThrowsError(
      try Fixtures.run(
        GoldsteinZO.algorithm, on: try toy(), budget: 2, ["smoothing_radius": .real(0.9)])
    ) { XCTAssertTrue("\($0)".contains("smoothing_radius"), "\($0)") }
  }
}
