import CatalogueSDK
import CatalogueSDKTesting
import Manifolds
import SeededRandom
import XCTest

@testable import RF2SA

/// Short runs that check the behaviour spec §8 asks for: F decreases, the trackers reach their targets, iterates
/// stay on their manifolds, RHGD converges, and bad input is refused with a message naming the fix.
final class BehaviourTests: XCTestCase {
  func testRF2SADecreasesFAndTracksTheLowerSolution() throws {
    let instance = try Fixtures.instance(StiefelSPDBilevel.family, ["reference_iters": .int(0)])
    // Faster trackers than the defaults (γ = 1 < 1/L_g here, λ₀ = 10, unit x step), to keep the test short.
    let record = try Fixtures.run(
      RF2SA.algorithm, on: instance, iterations: 300, ["c_gamma": .real(1), "c_alpha": .real(0.1), "xi_x": .real(10)])
    let f = record.column("f")
    let grad = record.column("grad_norm")
    let distZ = record.column("dist_z")
    let distY = record.column("dist_y")
    XCTAssertLessThan(try XCTUnwrap(f.last), f[0] - 0.1)
    XCTAssertLessThan(try XCTUnwrap(grad.last), 0.2 * grad[0])
    XCTAssertLessThan(try XCTUnwrap(distZ.last), 1e-2 * distZ[0])
    XCTAssertLessThan(try XCTUnwrap(distY.last), 1e-2 * distY[0])
    XCTAssertLessThan(try XCTUnwrap(record.results["max_manifold_error"]), 1e-10)
    for (square, norm) in zip(record.column("grad_norm_sq"), grad) { XCTAssertEqual(square, norm * norm) }
    // x_R is one of the iterates, drawn with P(R = k) ∝ αₖ.
    let index = try XCTUnwrap(record.results["random_iteration"])
    XCTAssertTrue((0..<300).contains(Int(index)))
  }

  func testRF2SAReachesTheGlobalMinimumOfTheSphereToy() throws {
    let instance = try Fixtures.instance(SphereBilevelToy.family)
    let record = try Fixtures.run(RF2SA.algorithm, on: instance, iterations: 600)
    let gap = record.column("f_gap")
    XCTAssertGreaterThan(gap[0], 1e-2)
    XCTAssertLessThan(try XCTUnwrap(gap.last), 1e-4)
    XCTAssertGreaterThan(try XCTUnwrap(gap.last), -1e-12, "f_star is the global minimum")
  }

  func testStochasticRF2SAConvergesOnTheQuadratic() throws {
    let instance = try Fixtures.instance(QuadraticBilevel.family)
    let record = try Fixtures.run(RF2SA.stochastic, on: instance, iterations: 1500, ["diagnostics": .bool(false)])
    let problem = try instance.bilevel()
    let x = try XCTUnwrap(record.vectors["x"])
    let fStar = try XCTUnwrap(instance.reference("f_star"))
    let start = try problem.initialPoint().x
    func value(_ x: [Double]) throws -> Double {
      try problem.upperValue(x, try problem.lowerSolution(x).y, samples: nil)
    }
    XCTAssertLessThan(try value(x) - fStar, 0.05 * (try value(start) - fStar))
  }

  func testRHGDWithExactHypergradientConverges() throws {
    let instance = try Fixtures.instance(StiefelSPDBilevel.family)
    for overrides: [String: ParameterValues.Value] in [
      [:], ["lower_solver": .string("exact"), "hypergradient": .string("cg")],
    ] {
      let record = try Fixtures.run(RHGD.algorithm, on: instance, iterations: 300, overrides)
      XCTAssertLessThan(try XCTUnwrap(record.column("grad_norm").last), 1e-4 * record.column("grad_norm")[0])
      XCTAssertLessThan(abs(try XCTUnwrap(record.column("f_gap").last)), 1e-8)
      XCTAssertLessThan(try XCTUnwrap(record.column("hypergrad_error").last), 1e-6)
    }
  }

  func testBadInputIsRefusedWithTheFix() throws {
    let quadratic = try Fixtures.instance(QuadraticBilevel.family)
    let sphere = try Fixtures.instance(SphereBilevelToy.family)
    func message(_ body: () throws -> Void) -> String {
      do {
        try body()
        return ""
      } catch {
        return (error as? PluginError)?.message ?? "not a PluginError"
      }
    }
    // Lyapunov needs SPD; a finite sum is needed for minibatches; exponents must make λ grow.
    XCTAssertTrue(
      message {
        _ = try Fixtures.run(RHGD.algorithm, on: quadratic, iterations: 1, ["hypergradient": .string("lyapunov")])
      }.contains("hypergradient=dense or cg"))
    XCTAssertTrue(
      message {
        _ = try Fixtures.run(RF2SA.stochastic, on: sphere, iterations: 1)
      }.contains("batch_upper=0"))
    XCTAssertTrue(
      message {
        _ = try StepSchedule(
          Fixtures.parameters(
            RF2SA.algorithm,
            ["schedule": .string("custom"), "alpha_exponent": .real(0.2), "gamma_exponent": .real(0.5)]))
      }.contains("alpha_exponent ≥ gamma_exponent"))
    XCTAssertTrue(
      message {
        _ = try Fixtures.instance(StiefelSPDBilevel.family, ["n": .int(5)])
      }.contains("choose n ≥ d"))
    let objective = ProblemInstance(.objective(NotBilevel()))
    XCTAssertTrue(
      message {
        _ = try Fixtures.run(RF2SA.algorithm, on: objective, iterations: 1)
      }.contains("expected a bilevel problem"))
  }

  func testSchedulesFollowTheRegimes() throws {
    for (name, a, c) in [("deterministic", 1.0 / 3, 0.0), ("upper-noise", 0.6, 0.4), ("both-noise", 5.0 / 7, 4.0 / 7)] {
      let schedule = try StepSchedule(Fixtures.parameters(RF2SA.algorithm, ["schedule": .string(name)]))
      XCTAssertEqual(schedule.a, a, accuracy: 1e-15)
      XCTAssertEqual(schedule.c, c, accuracy: 1e-15)
      for k in [0, 9, 999] {
        // αₖλₖ = c_λγₖ: the effective step on g stays bounded (spec §4.4).
        XCTAssertEqual(schedule.alpha(k) * schedule.lambda(k), schedule.cLambda * schedule.gamma(k), accuracy: 1e-14)
      }
      // λ grows like k^{a−c}.
      let growth = schedule.lambda(9999) / schedule.lambda(999)
      XCTAssertEqual(growth, pow(10000.0 / 1000, a - c), accuracy: 1e-9)
    }
  }
}

/// An objective problem, to check that a kind mismatch is reported.
private struct NotBilevel: ObjectiveFunction {
  var dimension: Int { 1 }
  func initialPoint() throws -> [Double] { [0] }
  func value(_ x: [Double], samples: [Int]?) throws -> Double { 0 }
  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) { (0, [0]) }
}
