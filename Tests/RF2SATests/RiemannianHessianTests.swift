import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import RF2SA

/// The Euclidean-to-Riemannian Hessian conversions against the definition Hess f(x)[u] = ∇_u grad f: on embedded
/// manifolds the tangential part of the derivative of the gradient field, on SPD that derivative minus the
/// affine-invariant connection term sym(U·X⁻¹·grad f), both by central differences along a curve with velocity u.
final class RiemannianHessianTests: XCTestCase {
  /// f(x) = ½xᵀAx + bᵀx on the ambient space, A symmetric.
  private struct Quadratic {
    let a: Matrix
    let b: [Double]
    func gradient(_ x: [Double]) -> [Double] { ArrayMath.add((a * Vector(x)).elements, b) }
    func hessian(_ u: [Double]) -> [Double] { (a * Vector(u)).elements }

    init(size: Int, _ rng: inout CatalogueRandom) {
      a = Matrix(rows: size, cols: size, elements: rng.normals(size * size)).symmetrized()
      b = rng.normals(size)
    }
  }

  private func check(
    _ geometry: any Geometry, _ rng: inout CatalogueRandom, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let kind = ManifoldKind(geometry)
    XCTAssertNotEqual(kind, .other, file: file, line: line)
    let f = Quadratic(size: geometry.pointSize, &rng)
    let x = try geometry.randomPoint(&rng)
    let u = try geometry.tangentGaussian(x, &rng)
    let analytic = try RiemannianHessian.apply(
      kind, at: x, euclideanGradient: f.gradient(x), euclideanHessian: f.hessian(u), direction: u)
    // The gradient field along the geodesic (or retraction) curve t ↦ R_x(tu), differentiated at t = 0.
    let h = 1e-5
    let plus = try geometry.retract(x, ArrayMath.scale(h, u))
    let minus = try geometry.retract(x, ArrayMath.scale(-h, u))
    let field = { (p: [Double]) throws -> [Double] in try geometry.riemannianGradient(p, euclidean: f.gradient(p)) }
    var derivative = ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(try field(plus), try field(minus)))
    if case .spd(let n) = kind {
      let xm = Matrix(rows: n, cols: n, elements: x)
      let um = Matrix(rows: n, cols: n, elements: u)
      let grad = Matrix(rows: n, cols: n, elements: try field(x))
      let connection = (um * (try Cholesky(xm).solve(grad))).symmetrized()
      derivative = ArrayMath.subtract(derivative, connection.elements)
    } else {
      derivative = try geometry.project(x, derivative)
    }
    let error = ArrayMath.norm(ArrayMath.subtract(analytic, derivative))
    XCTAssertLessThan(error, 1e-7 * max(1, ArrayMath.norm(analytic)), "\(geometry.name)", file: file, line: line)
    // Self-adjoint in the metric, as CG needs.
    let v = try geometry.tangentGaussian(x, &rng)
    let hv = try RiemannianHessian.apply(
      kind, at: x, euclideanGradient: f.gradient(x), euclideanHessian: f.hessian(v), direction: v)
    XCTAssertEqual(
      try geometry.inner(x, analytic, v), try geometry.inner(x, u, hv), accuracy: 1e-10, file: file, line: line)
  }

  func testConversionsMatchTheCovariantDerivative() throws {
    var rng = CatalogueRandom(seed: 21)
    let manifolds: [any Geometry] = [
      try Euclidean(4), try Sphere(5), try Stiefel(n: 5, p: 2), try Stiefel(n: 4, p: 3, retraction: .polar), try SPD(3),
    ]
    for geometry in manifolds { try check(geometry, &rng) }
  }

  func testManifoldKindsAreParsedFromNames() throws {
    XCTAssertEqual(ManifoldKind(try SPD(4)), .spd(n: 4))
    XCTAssertEqual(ManifoldKind(try Stiefel(n: 8, p: 3)), .stiefel(n: 8, p: 3))
    XCTAssertEqual(ManifoldKind(try Sphere(6)), .sphere(n: 6))
    XCTAssertEqual(ManifoldKind(try Euclidean(2)), .euclidean(n: 2))
    XCTAssertEqual(ManifoldKind(try Hyperbolic(3)), .other)
    XCTAssertEqual(ManifoldKind(try ProductManifold([try Sphere(3), try Sphere(3)])), .other)
  }

  func testDenseSolveUsesAnOrthonormalTangentBasis() throws {
    var rng = CatalogueRandom(seed: 22)
    let manifolds: [any Geometry] = [try Sphere(5), try Stiefel(n: 5, p: 2), try SPD(3), try Euclidean(3)]
    for geometry in manifolds {
      let problem = AmbientQuadraticProblem(geometry: geometry, rng: &rng)
      let manifold = try VariableManifold(geometry, dimension: geometry.pointSize, map: .auto, variable: "y")
      let y = try geometry.randomPoint(&rng)
      let hessian = try HessianOperator(problem: problem, manifold: manifold, x: [0], y: y)
      let basis = try hessian.tangentBasis()
      XCTAssertEqual(basis.count, geometry.dimension, geometry.name)
      for (i, e) in basis.enumerated() {
        XCTAssertLessThan(try geometry.tangentError(y, e), 1e-12, geometry.name)
        for (j, f) in basis.enumerated() {
          XCTAssertEqual(try geometry.inner(y, e, f), i == j ? 1 : 0, accuracy: 1e-12, geometry.name)
        }
      }
      // The dense solution solves Hess[v] = b, whether or not the Hessian is definite on this manifold.
      let b = try geometry.tangentGaussian(y, &rng)
      let v = try hessian.denseSolve(b)
      XCTAssertLessThan(
        try geometry.norm(y, ArrayMath.subtract(try hessian.apply(v), b)), 1e-10 * (try geometry.norm(y, b)),
        geometry.name)
    }
  }
}

/// g(x, y) = ½yᵀAy + bᵀy on the ambient space of any manifold, f = 0: only the lower oracles the Hessian needs.
private struct AmbientQuadraticProblem: BilevelProblem {
  let geometry: any Geometry
  let a: Matrix
  let b: [Double]

  init(geometry: any Geometry, rng: inout CatalogueRandom) {
    self.geometry = geometry
    let n = geometry.pointSize
    a = Matrix(rows: n, cols: n, elements: rng.normals(n * n)).symmetrized()
    b = rng.normals(n)
  }

  var dimensionX: Int { 1 }
  var dimensionY: Int { geometry.pointSize }
  var geometryY: (any Geometry)? { geometry }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) { ([0], b) }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double { 0 }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0], [Double](repeating: 0, count: dimensionY))
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    0.5 * ArrayMath.dot(y, (a * Vector(y)).elements) + ArrayMath.dot(b, y)
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    ([0], ArrayMath.add((a * Vector(y)).elements, b))
  }
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { (a * Vector(v)).elements }
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { [0] }
}
