import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinconBilevel

/// The exact KKT hypergradient against finite differences of F, and the rates of the first-order oracles
/// (issue 7, item 6; spec §6.2).
final class HypergradientTests: XCTestCase {
  private func exactGradient(_ problem: any BilevelProblem, _ x: [Double]) throws -> (
    gradient: [Double], active: Int
  ) {
    let reference = try ReferenceHypergradient(problem)
    let result = try reference.evaluate(at: x)
    return (result.gradient, result.lower.activeRows.count)
  }

  /// Max-norm distance to central differences (step 1e-5; F is piecewise quadratic for the linear variants).
  private func finiteDifferenceError(_ problem: any BilevelProblem, _ x: [Double]) throws -> Double {
    let exact = try exactGradient(problem, x).gradient
    let numeric = try Fixtures.finiteDifferenceGradient(problem, x, step: 1e-5)
    return ArrayMath.maxAbs(ArrayMath.subtract(exact, numeric)) / max(1, ArrayMath.maxAbs(exact))
  }

  func testKKTHypergradientMatchesFiniteDifferencesOnRandomInstances() throws {
    var activeRows = 0
    for seed in 1...4 as ClosedRange<UInt64> {
      for (dx, dy, active) in [(6, 12, 2), (10, 20, 3)] {
        let toy = try Fixtures.bilevel(
          LinconToy.family, seed: seed, ["dim_x": .int(dx), "dim_y": .int(dy), "active": .int(active)])
        let x = try toy.initialPoint().x
        XCTAssertEqual(try exactGradient(toy, x).active, active)
        XCTAssertLessThan(try finiteDifferenceError(toy, x), 1e-8, "toy seed \(seed)")
        let eq = try Fixtures.bilevel(LinconEquality.family, seed: seed, ["dim_x": .int(dx), "dim_y": .int(dy)])
        XCTAssertLessThan(try finiteDifferenceError(eq, try eq.initialPoint().x), 1e-8, "eq seed \(seed)")
        let ls = try Fixtures.bilevel(
          LinconEquality.family, seed: seed,
          ["dim_x": .int(dx), "dim_y": .int(dy), "upper": .string("least-squares")])
        XCTAssertLessThan(try finiteDifferenceError(ls, try ls.initialPoint().x), 1e-8, "eq-ls seed \(seed)")
        let bilinear = try Fixtures.bilevel(LinconBilinear.family, seed: seed, ["dim_x": .int(dx), "dim_y": .int(dy)])
        // Away from x₀ ∈ [0, 1]^d the bilinear rows bind; −x₀ makes several of them active.
        let xb = try bilinear.initialPoint().x.map { -$0 }
        activeRows += try exactGradient(bilinear, xb).active
        XCTAssertLessThan(try finiteDifferenceError(bilinear, xb), 1e-8, "bilinear seed \(seed)")
      }
    }
    XCTAssertGreaterThan(activeRows, 4, "the bilinear checks should include active rows")
  }

  func testKKTHypergradientOfAProblemSolvedByHand() throws {
    // g = ½‖y‖² − x·y₁, y₁ + y₂ ≤ 1, f = y₁² + y₂. For x > 1 the row binds: y* = ((x+1)/2, −(x−1)/2),
    // λ* = (x−1)/2, F = ((x+1)/2)² − (x−1)/2 and F′(x) = x/2; for x < 1, y* = (x, 0) and F′(x) = 2x.
    let problem = HandProblem()
    for (x, slope, active) in [(3.0, 1.5, 1), (0.5, 1.0, 0), (-2.0, -4.0, 0)] {
      let reference = try ReferenceHypergradient(problem).evaluate(at: [x])
      XCTAssertEqual(reference.gradient[0], slope, accuracy: 1e-14, "x = \(x)")
      XCTAssertEqual(reference.lower.activeRows.count, active)
      XCTAssertEqual(reference.lower.multipliers[0], max(0, (x - 1) / 2), accuracy: 1e-14)
    }
  }

  /// The spec's closed form (§4.3) for the toy with the penalty minimised over all y:
  /// (0.02I + α₁Q + α₂A_IᵀA_I) y_α = −c − α₁(Pᵀx + Aᵀλ*) + α₂A_Iᵀb_I, v = 0.02x + α₁P(y_α − y*).
  private func unconstrainedPenalty(
    _ toy: LinconToy, _ x: [Double], alpha: Double, active rows: [Int]
  ) throws -> (y: [Double], v: [Double]) {
    let (a1, a2) = (1 / (alpha * alpha), 1 / (alpha * alpha * alpha * alpha))
    let dy = toy.dimensionY
    let (yStar, lambda) = try toy.lowerSolution(x)
    let ai = Matrix(rows: rows.count, cols: dy) { i, j in toy.a[rows[i], j] }
    var m = a1 * toy.objectives.q
    m.add(Matrix.gram(ai), scaledBy: a2)
    m.add(Matrix.identity(dy), scaledBy: 0.02)
    let px = toy.objectives.linearTerm(x)
    let atl = Matrix.product(toy.a, Vector(lambda), transpose: true).elements
    let aib = Matrix.product(ai, Vector(rows.map { toy.b[$0] }), transpose: true).elements
    let rhs = (0..<dy).map { -toy.objectives.c[$0] - a1 * (px[$0] + atl[$0]) + a2 * aib[$0] }
    let yAlpha = try Cholesky(m).solve(Vector(rhs)).elements
    let v = ArrayMath.axpy(ArrayMath.scale(0.02, x), a1, toy.objectives.mixed(ArrayMath.subtract(yAlpha, yStar)))
    return (yAlpha, v)
  }

  func testF2CBAOracleMatchesTheClosedFormOnTheToy() throws {
    let toy = try XCTUnwrap(
      try Fixtures.bilevel(LinconToy.family, seed: 2, ["dim_x": .int(10), "dim_y": .int(20), "active": .int(3)])
        as? LinconToy)
    let x = toy.start
    for alpha in [0.3, 0.1, 0.03] {
      let (a1, a2) = (1 / (alpha * alpha), 1 / (alpha * alpha * alpha * alpha))
      let settings = F2CBAOracle.Settings(alpha1: a1, alpha2: a2, tauH: 1e-4, tauLambda: 1e-4, keepConstraints: false)
      let estimate = try F2CBAOracle(toy, settings: settings).evaluate(at: x)
      XCTAssertEqual(estimate.activeCount, 3)
      let v = try unconstrainedPenalty(toy, x, alpha: alpha, active: [0, 1, 2]).v
      XCTAssertLessThan(ArrayMath.distance(estimate.gradient, v), 1e-8 * ArrayMath.norm(v), "alpha \(alpha)")
    }
  }

  /// The official code's effective penalty problem: main.py passes the lower-level variable's constraint list to a
  /// problem in a new cvxpy variable, so the new variable is free. The default `f2cba` oracle (parameters at their
  /// defaults) must equal that unconstrained minimiser's gradient, whose y_α leaves the feasible set; keeping h ≤ 0
  /// (our variant) gives a different v.
  func testDefaultF2CBAIsTheOfficialCodesUnconstrainedPenalty() throws {
    var infeasible = 0
    for seed in 1...3 as ClosedRange<UInt64> {
      let toy = try XCTUnwrap(
        try Fixtures.bilevel(LinconToy.family, seed: seed, ["dim_x": .int(10), "dim_y": .int(20), "active": .int(3)])
          as? LinconToy)
      let x = toy.start
      let defaults = ParameterValues(defaultsOf: F2CBA.algorithm.parameters)
      let alpha = try defaults.real("alpha")
      let estimate = try F2CBAOracle(toy, settings: try F2CBAParameters.settings(defaults)).evaluate(at: x)
      let official = try unconstrainedPenalty(toy, x, alpha: alpha, active: [0, 1, 2])
      XCTAssertLessThan(
        ArrayMath.distance(estimate.gradient, official.v), 1e-8 * ArrayMath.norm(official.v), "seed \(seed)")
      let h = Matrix.product(toy.a, Vector(official.y)).elements.enumerated().map { $1 - toy.b[$0] }
      if h.max()! > 1e-9 { infeasible += 1 }
      var kept = try F2CBAParameters.settings(defaults)
      kept.keepConstraints = true
      let variant = try F2CBAOracle(toy, settings: kept).evaluate(at: x).gradient
      XCTAssertGreaterThan(ArrayMath.distance(variant, official.v), 1e-4 * ArrayMath.norm(official.v), "seed \(seed)")
    }
    XCTAssertGreaterThan(infeasible, 0, "the unconstrained y_α should violate a constraint on some instance")
  }

  /// Relative errors of F2CBA at α ∈ {0.3, 0.1, 0.03, 0.01} on the spec §6.2(i) instance (d_x = 10, d_y = 20,
  /// m = 4, 3 active), with the fitted log–log slope.
  private func f2cbaErrors(keepConstraints: Bool, seed: UInt64) throws -> (errors: [Double], slope: Double) {
    let toy = try Fixtures.bilevel(
      LinconToy.family, seed: seed, ["dim_x": .int(10), "dim_y": .int(20), "active": .int(3)])
    let x = try toy.initialPoint().x
    let exact = try exactGradient(toy, x).gradient
    let alphas = [0.3, 0.1, 0.03, 0.01]
    let errors = try alphas.map { alpha in
      let settings = F2CBAOracle.Settings(
        alpha1: 1 / (alpha * alpha), alpha2: 1 / pow(alpha, 4), tauH: 1e-4, tauLambda: 1e-4,
        keepConstraints: keepConstraints)
      let v = try F2CBAOracle(toy, settings: settings).evaluate(at: x).gradient
      return ArrayMath.distance(v, exact) / ArrayMath.norm(exact)
    }
    return (errors, Fit.slope(x: alphas.map(log), y: errors.map(log)))
  }

  func testF2CBAErrorFallsLikeAlphaSquared() throws {
    for seed in 1...3 as ClosedRange<UInt64> {
      for keep in [false, true] {
        let (errors, slope) = try f2cbaErrors(keepConstraints: keep, seed: seed)
        XCTAssertTrue((1.6...2.4).contains(slope), "seed \(seed) keep \(keep): slope \(slope), errors \(errors)")
        XCTAssertLessThan(errors[3], 1e-3, "seed \(seed) keep \(keep): errors \(errors)")
      }
    }
  }

  /// On the bilinear variant J_x h depends on y, so every term of v is exercised (spec §7.4.2).
  func testF2CBAOnBilinearConstraintsConvergesLikeAlphaSquared() throws {
    var activeRows = 0
    for seed in 1...3 as ClosedRange<UInt64> {
      let problem = try Fixtures.bilevel(LinconBilinear.family, seed: seed, ["dim_x": .int(8), "dim_y": .int(16)])
      let x = try problem.initialPoint().x.map { -$0 }
      let exact = try ReferenceHypergradient(problem).evaluate(at: x)
      activeRows += exact.lower.activeRows.count
      for keep in [false, true] {
        let alphas = [0.3, 0.1, 0.03, 0.01]
        let errors = try alphas.map { alpha in
          let settings = F2CBAOracle.Settings(
            alpha1: 1 / (alpha * alpha), alpha2: 1 / pow(alpha, 4), tauH: 1e-4, tauLambda: 1e-4, keepConstraints: keep)
          let v = try F2CBAOracle(problem, settings: settings).evaluate(at: x).gradient
          return ArrayMath.distance(v, exact.gradient) / ArrayMath.norm(exact.gradient)
        }
        let slope = Fit.slope(x: alphas.map(log), y: errors.map(log))
        XCTAssertTrue((1.6...2.4).contains(slope), "seed \(seed) keep \(keep): slope \(slope), errors \(errors)")
        XCTAssertLessThan(errors[3], 1e-3, "seed \(seed) keep \(keep): errors \(errors)")
      }
    }
    XCTAssertGreaterThan(activeRows, 2)
  }

  /// 1-EQ on the toy's f and on the spec's §6.2(ii) least-squares f = ½‖Cy − d‖² + ½‖x‖² (d_x = 6, d_y = 12, m = 3):
  /// slope −1 against λ, λ·error settling, and the magnitude at λ = 100 (measured 1.7e-4 to 6.8e-4 relative on
  /// both objectives for seeds 1–3: the toy's g = ½yᵀQy + xᵀPy, with Q = LᵀL + I up to ~40, dominates f, so the
  /// O(1/λ) coefficient is far below the spec's instance, which found 0.13 at λ = 100).
  func testEqualityHypergradientErrorFallsLikeOneOverLambda() throws {
    for upper in ["toy", "least-squares"] {
      for seed in 1...3 as ClosedRange<UInt64> {
        let eq = try Fixtures.bilevel(
          LinconEquality.family, seed: seed, ["dim_x": .int(6), "dim_y": .int(12), "upper": .string(upper)])
        let x = try eq.initialPoint().x
        let exact = try exactGradient(eq, x).gradient
        let lambdas = [10.0, 100, 1000, 10000]
        let errors = try lambdas.map { lambda in
          ArrayMath.distance(try EqualityOracle(eq, lambda: lambda).evaluate(at: x).gradient, exact)
            / ArrayMath.norm(exact)
        }
        let slope = Fit.slope(x: lambdas.map(log), y: errors.map(log))
        XCTAssertEqual(slope, -1, accuracy: 0.1, "\(upper) seed \(seed): errors \(errors)")
        // λ·error settles to a constant (the O(1/λ) coefficient).
        XCTAssertEqual(errors[3] * 1e4 / (errors[2] * 1e3), 1, accuracy: 0.05, "\(upper) seed \(seed): \(errors)")
        XCTAssertTrue((5e-5...2e-3).contains(errors[1]), "\(upper) seed \(seed): error at λ = 100 is \(errors[1])")
      }
    }
  }

  func testBestResponseIsBiasedWhereTheImplicitTermMatters() throws {
    let toy = try Fixtures.bilevel(LinconToy.family, seed: 1, ["active": .int(2)])
    let x = try toy.initialPoint().x
    let exact = try exactGradient(toy, x).gradient
    var rng = CatalogueRandom(seed: 1)
    let br = try BestResponseEstimator(toy).estimate(at: x, rng: &rng).gradient
    // ∇ₓf = 0.02x exactly; the implicit part −P p is not small on the toy.
    XCTAssertEqual(br, ArrayMath.scale(0.02, x))
    XCTAssertGreaterThan(ArrayMath.distance(br, exact), 0.1 * ArrayMath.norm(exact))
  }
}

/// Least-squares slope for the rate checks.
enum Fit {
  static func slope(x: [Double], y: [Double]) -> Double {
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    var sxx = 0.0
    var sxy = 0.0
    for i in x.indices {
      sxx += (x[i] - mx) * (x[i] - mx)
      sxy += (x[i] - mx) * (y[i] - my)
    }
    return sxy / sxx
  }
}

/// The hand-solved instance of ``HypergradientTests/testKKTHypergradientOfAProblemSolvedByHand()``: a problem that
/// is not one of the plugin's, so it also checks that the solvers use only the oracles.
struct HandProblem: BilevelProblem {
  var dimensionX: Int { 1 }
  var dimensionY: Int { 2 }
  var constraintForm: ConstraintForm { .inequality }
  var constraintCount: Int { 1 }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) { ([0], [0, 0]) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { y[0] * y[0] + y[1] }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0], [2 * y[0], 1])
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
