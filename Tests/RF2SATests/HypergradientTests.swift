import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import RF2SA

/// The exact hypergradient (spec §3) against central finite differences of F(x) = f(x, y*(x)), and the solvers of
/// its linear system against each other.
final class HypergradientTests: XCTestCase {
  /// A problem's exact F, its manifolds and the generic solver.
  private struct Setup {
    let problem: any BilevelProblem
    let solver: HypergradientSolver

    init(_ family: ProblemFamily, seed: UInt64 = 1) throws {
      problem = try Fixtures.instance(family, seed: seed, ["reference_iters": .int(0)]).bilevel()
      solver = HypergradientSolver(
        problem: problem,
        manifoldX: try VariableManifold(problem.geometryX, dimension: problem.dimensionX, map: .auto, variable: "x"),
        manifoldY: try VariableManifold(problem.geometryY, dimension: problem.dimensionY, map: .auto, variable: "y"))
    }

    func value(_ x: [Double]) throws -> Double {
      try problem.upperValue(x, try problem.lowerSolution(x).y, samples: nil)
    }

    func exact(_ x: [Double], _ method: HypergradientMethod = .auto) throws -> [Double] {
      try solver.estimate(x, try problem.lowerSolution(x).y, method: method).gradient
    }

    /// [F(R(tξ)) − F(R(−tξ))]/2t against ⟨grad F, ξ⟩ for random tangent ξ (spec §3, test 6 of the numerics spec).
    func checkAgainstFiniteDifferences(
      at x: [Double], _ rng: inout CatalogueRandom, file: StaticString = #filePath, line: UInt = #line
    ) throws {
      let gradient = try exact(x)
      let geometry = solver.manifoldX.geometry
      XCTAssertGreaterThan(try geometry.norm(x, gradient), 1e-3, "a non-trivial gradient", file: file, line: line)
      for _ in 0..<3 {
        let direction = try geometry.tangentGaussian(x, &rng)
        let t = 1e-5
        let plus = try value(try geometry.retract(x, ArrayMath.scale(t, direction)))
        let minus = try value(try geometry.retract(x, ArrayMath.scale(-t, direction)))
        let numeric = (plus - minus) / (2 * t)
        let analytic = try geometry.inner(x, gradient, direction)
        XCTAssertEqual(analytic, numeric, accuracy: 1e-7 * max(1, abs(numeric)), file: file, line: line)
      }
    }
  }

  func testStiefelSPDClosedFormHypergradientMatchesFiniteDifferences() throws {
    let setup = try Setup(StiefelSPDBilevel.family)
    let p = try XCTUnwrap(setup.problem as? StiefelSPDBilevel)
    var rng = CatalogueRandom(seed: 11)
    for _ in 0..<3 {
      let w = try p.stiefel.randomPoint(&rng)
      let closed = try p.hypergradient(w)
      XCTAssertEqual(closed.value, try setup.value(w))
      // The problem's Lyapunov closed form and the algorithms' generic solver agree, and both match differences.
      let generic = try setup.exact(w)
      XCTAssertLessThan(ArrayMath.norm(ArrayMath.subtract(closed.gradient, generic)), 1e-12)
      try setup.checkAgainstFiniteDifferences(at: w, &rng)
    }
  }

  func testSolversAgreeOnTheStiefelSPDProblem() throws {
    let setup = try Setup(StiefelSPDBilevel.family, seed: 2)
    let p = try XCTUnwrap(setup.problem as? StiefelSPDBilevel)
    var rng = CatalogueRandom(seed: 12)
    let w = try p.stiefel.randomPoint(&rng)
    let reference = try p.hypergradient(w).gradient
    let scale = ArrayMath.norm(reference)
    for method: HypergradientMethod in [.lyapunov, .dense, .cg(iterations: 200, tolerance: 1e-14)] {
      let error = ArrayMath.norm(ArrayMath.subtract(try setup.exact(w, method), reference))
      XCTAssertLessThan(error, 1e-10 * scale, "\(method)")
    }
    // Truncated solvers are close but not exact, and improve with more work.
    let few = try setup.exact(w, .cg(iterations: 2, tolerance: 1e-14))
    let many = try setup.exact(w, .neumann(iterations: 400, step: 1))
    XCTAssertGreaterThan(ArrayMath.norm(ArrayMath.subtract(few, reference)), 1e-8 * scale)
    XCTAssertLessThan(ArrayMath.norm(ArrayMath.subtract(many, reference)), 1e-3 * scale)
  }

  func testLyapunovStructureIsCheckedNotAssumed() throws {
    let problem = ProjectedSPDProblem()
    let solver = HypergradientSolver(
      problem: problem,
      manifoldX: try VariableManifold(nil, dimension: 2, map: .auto, variable: "x"),
      manifoldY: try VariableManifold(try SPD(3), dimension: 9, map: .auto, variable: "y"))
    let x = [0.3, -0.2]
    let y = try SPD(3).exp(Matrix.identity(3).elements, [0.2, 0.1, 0, 0.1, -0.3, 0.05, 0, 0.05, 0.1])
    XCTAssertThrowsError(try solver.estimate(x, y, method: .lyapunov)) { error in
      XCTAssertEqual((error as? PluginError)?.code, .invalidArgument)
    }
    // auto falls back to the dense solve, which matches CG.
    let auto = try solver.estimate(x, y, method: .auto).gradient
    let cg = try solver.estimate(x, y, method: .cg(iterations: 100, tolerance: 1e-14)).gradient
    XCTAssertLessThan(ArrayMath.norm(ArrayMath.subtract(auto, cg)), 1e-10 * ArrayMath.norm(auto))
  }

  func testHyperRepresentationHypergradientMatchesFiniteDifferences() throws {
    let setup = try Setup(HyperRepresentation.family)
    let p = try XCTUnwrap(setup.problem as? HyperRepresentation)
    var rng = CatalogueRandom(seed: 13)
    try setup.checkAgainstFiniteDifferences(at: try p.stiefel.randomPoint(&rng), &rng)
  }

  func testSphereToyHypergradientIsTheProjectedGradientOfF() throws {
    let setup = try Setup(SphereBilevelToy.family)
    let p = try XCTUnwrap(setup.problem as? SphereBilevelToy)
    var rng = CatalogueRandom(seed: 14)
    let x = try p.sphere.randomPoint(&rng)
    let k = p.c * p.b
    let euclidean = Matrix.product(k, Vector(ArrayMath.subtract((k * Vector(x)).elements, p.e)), transpose: true)
    let expected = try p.sphere.project(x, euclidean.elements)
    XCTAssertLessThan(ArrayMath.norm(ArrayMath.subtract(try setup.exact(x), expected)), 1e-13)
    try setup.checkAgainstFiniteDifferences(at: x, &rng)
  }

  func testQuadraticHypergradientMatchesFiniteDifferences() throws {
    let setup = try Setup(QuadraticBilevel.family)
    var rng = CatalogueRandom(seed: 15)
    try setup.checkAgainstFiniteDifferences(at: rng.normals(setup.problem.dimensionX), &rng)
  }
}

/// An SPD lower level whose Riemannian Hessian is not a Lyapunov operator: g(x, M) = ½‖M − C(x)‖²_F with
/// C(x) = I + x₀E₁ + x₁E₂, f(x, M) = tr(M). Its whitened Hessian V ↦ KVK + … (K = LᵀL) is a congruence, so the
/// Lyapunov check must refuse it.
private struct ProjectedSPDProblem: BilevelProblem {
  var dimensionX: Int { 2 }
  var dimensionY: Int { 9 }
  var geometryY: (any Geometry)? { try? SPD(3) }
  var hasLowerHessian: Bool { true }

  func target(_ x: [Double]) -> Matrix {
    var c = Matrix.identity(3)
    c[0, 1] = x[0]
    c[1, 0] = x[0]
    c[2, 2] += x[1]
    return c
  }

  func initialPoint() throws -> (x: [Double], y: [Double]) { ([0, 0], Matrix.identity(3).elements) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    Matrix(rows: 3, cols: 3, elements: y).trace
  }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0, 0], Matrix.identity(3).elements)
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let r = Matrix(rows: 3, cols: 3, elements: y) - target(x)
    return 0.5 * r.frobeniusInner(r)
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    let r = Matrix(rows: 3, cols: 3, elements: y) - target(x)
    return ([-2 * r[0, 1], -r[2, 2]], r.elements)
  }
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { v }
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    let m = Matrix(rows: 3, cols: 3, elements: v)
    return [-(m[0, 1] + m[1, 0]), -m[2, 2]]
  }
}
