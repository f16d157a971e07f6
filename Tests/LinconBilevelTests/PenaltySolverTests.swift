import CatalogueSDK
import LinearAlgebra
import XCTest

@testable import LinconBilevel

/// The penalty solver against a closed form, including the case where f's curvature dwarfs the metric's and the
/// shift τ must be raised for the iteration to contract.
final class PenaltySolverTests: XCTestCase {
  /// f = 50‖y − (1, 1)‖², g = ½‖y‖² − x·y₁, y₁ + y₂ ≤ 1. With w = 1 the penalty problem min f + g over the
  /// constraint has ∇²φ = 101·I against the metric H̃ = I; at x = 1 its solution is y = (51, 50)/101 with
  /// multiplier ν = (99 + x)/2 = 50 (stationarity 101y − (100 + x, 100) + ν(1, 1) = 0 and y₁ + y₂ = 1).
  func testStiffUpperLevelRaisesTheShiftAndConverges() throws {
    let problem = StiffProblem()
    let lower = try LowerLevelSolver(problem, keepsHessian: true)
    let point = try lower.solve(at: [1])
    let solver = PenaltySolver(problem)
    let objective = PenaltySolver.Objective(
      gWeight: 1, bracketMultipliers: nil, penaltyWeight: 0, penaltyRows: [], keepConstraints: true)
    let result = try solver.solve(objective, lower: point, hessian: lower.hessian!, hessianVersion: 1)
    XCTAssertEqual(result.y[0], 51.0 / 101, accuracy: 1e-10)
    XCTAssertEqual(result.y[1], 50.0 / 101, accuracy: 1e-10)
    XCTAssertEqual(result.multipliers[0], 50, accuracy: 1e-8)
    XCTAssertGreaterThan(solver.tau, 50, "τ must cover most of f's curvature 100")
  }

  func testMildUpperLevelNeedsNoShift() throws {
    let toy = try Fixtures.bilevel(LinconToy.family, ["active": .int(2)])
    let settings = F2CBAOracle.Settings(alpha1: 100, alpha2: 1e4, tauH: 1e-4, tauLambda: 1e-4, keepConstraints: true)
    let oracle = try F2CBAOracle(toy, settings: settings)
    let estimate = try oracle.evaluate(at: try toy.initialPoint().x)
    XCTAssertEqual(oracle.penaltySolver.tau, 0)
    // One lower-level step and a few penalty iterations: the metric captures all but ‖∇²f‖/(α₁μ_g) = 2e-4.
    XCTAssertLessThanOrEqual(estimate.innerSteps, 5)
  }
}

/// The stiff instance of ``PenaltySolverTests/testStiffUpperLevelRaisesTheShiftAndConverges()``.
struct StiffProblem: BilevelProblem {
  var dimensionX: Int { 1 }
  var dimensionY: Int { 2 }
  var constraintForm: ConstraintForm { .inequality }
  var constraintCount: Int { 1 }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) { ([1], [0, 0]) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    50 * ((y[0] - 1) * (y[0] - 1) + (y[1] - 1) * (y[1] - 1))
  }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0], [100 * (y[0] - 1), 100 * (y[1] - 1)])
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    0.5 * (y[0] * y[0] + y[1] * y[1]) - x[0] * y[0]
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([-y[0]], [y[0] - x[0], y[1]])
  }
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    ([y[0] + y[1] - 1], [1, 1], [0])
  }
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { v }
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { [-v[0]] }
}
