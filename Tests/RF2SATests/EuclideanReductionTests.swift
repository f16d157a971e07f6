import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import RF2SA

/// RF²SA on ℝⁿ is F²SA (spec §5, §8): the plugin's iteration and driver against ``PlainF2SA``, iterate for iterate.
final class EuclideanReductionTests: XCTestCase {
  private func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }

  /// The plain method with the constants of an algorithm's parameters.
  private func plain(
    _ problem: any BilevelProblem, _ parameters: ParameterValues, a: Double, c: Double
  ) throws -> PlainF2SA {
    try PlainF2SA(
      problem: problem, a: a, c: c, cAlpha: parameters.real("c_alpha"), cGamma: parameters.real("c_gamma"),
      cLambda: parameters.real("c_lambda"), k0: parameters.real("k0"), xi: parameters.real("xi_x"),
      innerSteps: parameters.int("inner_steps"))
  }

  func testDeterministicIterationEqualsF2SAIterateForIterate() throws {
    let problem = try Fixtures.instance(QuadraticBilevel.family).bilevel()
    XCTAssertNil(problem.geometryX)
    XCTAssertNil(problem.geometryY)
    for (schedule, steps) in [("deterministic", 1), ("upper-noise", 3)] {
      let parameters = Fixtures.parameters(
        RF2SA.algorithm, ["schedule": .string(schedule), "inner_steps": .int(steps), "c_alpha": .real(0.05)])
      var iteration = try RF2SADriver.iteration(problem, parameters, stochastic: false)
      let exponents = try XCTUnwrap(StepSchedule.Regime(rawValue: schedule)?.exponents)
      var reference = try plain(problem, parameters, a: exponents.a, c: exponents.c)
      var rng = Fixtures.algorithmRandom()
      var worst = 0.0
      for k in 0..<300 {
        try iteration.step(&rng)
        try reference.step(k)
        worst = max(
          worst, maxDifference(iteration.x, reference.x), maxDifference(iteration.y, reference.y),
          maxDifference(iteration.z, reference.z))
      }
      XCTAssertLessThanOrEqual(worst, 1e-12, "\(schedule), T = \(steps)")
      // The comparison is not vacuous: the iterates moved.
      XCTAssertGreaterThan(maxDifference(iteration.x, try problem.initialPoint().x), 1e-2)
    }
  }

  func testStochasticIterationEqualsMinibatchF2SA() throws {
    let problem = try Fixtures.instance(QuadraticBilevel.family).bilevel()
    for sharing in ["independent", "shared"] {
      let parameters = Fixtures.parameters(
        RF2SA.stochastic, ["sampling": .string(sharing), "batch_upper": .int(5), "batch_lower": .int(7)])
      var iteration = try RF2SADriver.iteration(problem, parameters, stochastic: true)
      var reference = try plain(problem, parameters, a: 5.0 / 7, c: 4.0 / 7)
      var rng = Fixtures.algorithmRandom(seed: 3)
      var replica = Fixtures.algorithmRandom(seed: 3)
      let m = problem.lowerSampleCount
      var worst = 0.0
      var sawDifferentBatches = false
      for k in 0..<200 {
        try iteration.step(&rng)
        try reference.step(k) {
          let upper = (0..<5).map { _ in replica.index(below: m) }
          let lower = (0..<7).map { _ in replica.index(below: m) }
          let prime = sharing == "shared" ? lower : (0..<7).map { _ in replica.index(below: m) }
          if prime != lower { sawDifferentBatches = true }
          return (upper, lower, prime)
        }
        worst = max(worst, maxDifference(iteration.x, reference.x), maxDifference(iteration.y, reference.y))
      }
      XCTAssertLessThanOrEqual(worst, 1e-12, sharing)
      XCTAssertEqual(sawDifferentBatches, sharing == "independent")
      XCTAssertEqual(rng, replica, "the iteration drew exactly the plain method's indices")
    }
  }

  func testDriverEndsAtTheF2SAIterate() throws {
    let instance = try Fixtures.instance(QuadraticBilevel.family)
    let problem = try instance.bilevel()
    let parameters = Fixtures.parameters(RF2SA.algorithm)
    let record = try Fixtures.run(RF2SA.algorithm, on: instance, iterations: 150)
    var reference = try plain(problem, parameters, a: 1.0 / 3, c: 0)
    for k in 0..<150 { try reference.step(k) }
    XCTAssertLessThanOrEqual(maxDifference(try XCTUnwrap(record.vectors["x"]), reference.x), 1e-12)
    XCTAssertLessThanOrEqual(maxDifference(try XCTUnwrap(record.vectors["z"]), reference.z), 1e-12)
    XCTAssertEqual(record.rows.map(\.iteration), Array(0...150))
    XCTAssertEqual(record.oracleCounts[.innerStep], 150)
    // The trace's λ column follows λₖ = c_λγₖ/αₖ = (c_λc_γ/c_α)(k + 1)^{1/3}.
    let lambda = record.column("lambda")
    XCTAssertEqual(lambda[0], 0.25 / 0.025, accuracy: 1e-12)
    XCTAssertEqual(lambda[7], 10 * 2, accuracy: 1e-12)
  }
}
