import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

/// Closed-form values and manifold-specific facts the generic laws do not cover.
final class ClosedFormTests: XCTestCase {
  func assertClose(
    _ a: [Double], _ b: [Double], _ tol: Double, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    let err = zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    XCTAssertLessThanOrEqual(err, tol, "\(a) vs \(b)", file: file, line: line)
  }

  func testEuclideanIsExactlyFlat() throws {
    let e = try Euclidean(3)
    let x = [1.0, -2, 0.5]
    let v = [0.1, 0.2, -0.3]
    XCTAssertEqual(try e.exp(x, v), zip(x, v).map(+))
    XCTAssertEqual(try e.retract(x, v), zip(x, v).map(+))
    XCTAssertEqual(try e.log(x, v), zip(v, x).map(-))
    XCTAssertEqual(try e.transport(from: x, to: v, v), v)
    XCTAssertEqual(try e.riemannianGradient(x, euclidean: v), v)
    XCTAssertEqual(try e.distance([0, 0, 0], [3, 4, 0]), 5)
    // The tangent Gaussian is exactly the parent algorithm's N(0, I) stream (spec §3, test 9).
    var a = CatalogueRandom(seed: 9)
    var b = CatalogueRandom(seed: 9)
    XCTAssertEqual(try e.tangentGaussian(x, &a), b.normals(3))
    XCTAssertEqual(a, b)
  }

  func testSphereQuarterTurn() throws {
    let s = try Sphere(3)
    let e1 = [1.0, 0, 0]
    let e2 = [0.0, 1, 0]
    assertClose(try s.exp(e1, [0, Double.pi / 2, 0]), e2, 1e-15)
    assertClose(try s.log(e1, e2), [0, Double.pi / 2, 0], 1e-15)
    XCTAssertEqual(try s.distance(e1, e2), Double.pi / 2, accuracy: 1e-15)
    XCTAssertEqual(try s.distance(e1, [-1, 0, 0]), Double.pi, accuracy: 1e-15)
    // Parallel transport along the great circle from e1 to e2 turns the velocity e2 into −e1.
    assertClose(try s.transport(from: e1, to: e2, e2), [-1, 0, 0], 1e-15)
    assertClose(try s.transport(from: e1, to: e2, [0, 0, 1]), [0, 0, 1], 1e-15)
    assertClose(try s.project(e1, [3, 4, 5]), [0, 4, 5], 0)
    XCTAssertEqual(try s.manifoldError([0.6, 0.8, 0]), 0, accuracy: 1e-16)
    XCTAssertEqual(try s.manifoldError([1.2, 1.6, 0]), 1, accuracy: 1e-15)
    XCTAssertThrowsError(try s.log(e1, [-1, 0, 0])) { error in
      XCTAssertEqual((error as? PluginError)?.code, .invalidArgument)
    }
  }

  func testSphereDistanceKeepsAccuracyForNearbyPoints() throws {
    // arccos(xᵀy) would give ~1e-8 here; the atan2 form is accurate to full relative precision.
    let s = try Sphere(2)
    let theta = 1e-9
    XCTAssertEqual(try s.distance([1, 0], [cos(theta), sin(theta)]), theta, accuracy: 1e-22)
  }

  func testHyperbolicLineClosedForms() throws {
    let h = try Hyperbolic(1)
    let t = 1.7
    assertClose(try h.exp([1, 0], [0, t]), [cosh(t), sinh(t)], 1e-14)
    XCTAssertEqual(try h.distance([1, 0], [cosh(t), sinh(t)]), t, accuracy: 1e-14)
    assertClose(try h.log([1, 0], [cosh(t), sinh(t)]), [0, t], 1e-14)
    // Minkowski product and the J-flip in the gradient: at the origin, rgrad = (0, ∂f/∂x₁).
    XCTAssertEqual(try h.inner([1, 0], [2, 3], [5, 7]), -10 + 21)
    assertClose(try h.riemannianGradient([1, 0], euclidean: [4, 5]), [0, 5], 0)
    XCTAssertEqual(try h.manifoldError([cosh(t), sinh(t)]), 0, accuracy: 1e-14)
    XCTAssertGreaterThanOrEqual(try h.manifoldError([-cosh(t), sinh(t)]), 1, "lower sheet is off the manifold")
    let h3 = try Hyperbolic(3)
    XCTAssertEqual(h3.pointSize, 4)
    XCTAssertEqual(h3.dimension, 3)
  }

  func testSPDClosedForms() throws {
    let spd = try SPD(2)
    let identity = [1.0, 0, 0, 1]
    assertClose(try spd.exp(identity, [0.5, 0, 0, -1]), [exp(0.5), 0, 0, exp(-1)], 1e-15)
    assertClose(try spd.log(identity, [exp(0.5), 0, 0, exp(-1)]), [0.5, 0, 0, -1], 1e-15)
    XCTAssertEqual(try spd.distance(identity, [exp(1), 0, 0, exp(-2)]), 5.0.squareRoot(), accuracy: 1e-14)
    // Affine invariance: d(X, Y) = d(I, X^{-1/2} Y X^{-1/2}) with X = diag(4, 9).
    XCTAssertEqual(try spd.distance([4, 0, 0, 9], [4 * exp(1), 0, 0, 9 * exp(-2)]), 5.0.squareRoot(), accuracy: 1e-14)
    // ⟨U, V⟩_X = tr(X⁻¹UX⁻¹V): X = diag(2, 4), U = V = E₁₂ + E₂₁ gives 2/(2·4).
    XCTAssertEqual(try spd.inner([2, 0, 0, 4], [0, 1, 1, 0], [0, 1, 1, 0]), 0.25, accuracy: 1e-15)
    assertClose(try spd.riemannianGradient([2, 0, 0, 4], euclidean: [1, 2, 0, 1]), [4, 8, 8, 16], 1e-15)
    assertClose(try spd.retract(identity, [1, 0, 0, 1]), [2.5, 0, 0, 2.5], 1e-15)
    XCTAssertEqual(spd.dimension, 3)
    XCTAssertGreaterThan(try spd.manifoldError([1, 0, 0, -1]), 0.9)
    XCTAssertGreaterThan(try spd.manifoldError([1, 0.5, 0, 1]), 0.4, "asymmetry is an error")
    XCTAssertGreaterThan(try spd.manifoldError([1, 0, 0, 0]), 0, "singular is off the open cone")
    XCTAssertThrowsError(try spd.exp([1, 0, 0, -1], identity)) { error in
      XCTAssertEqual((error as? PluginError)?.code, .invalidArgument)
    }
  }

  func testSPDTangentGaussianOffDiagonalVarianceIsOneHalf() throws {
    let n = 3
    let spd = try SPD(n)
    var rng = CatalogueRandom(seed: 11)
    let x = try spd.randomPoint(&rng)
    let inverseRoot = try Matrix(rows: n, cols: n, elements: x).symmetricInverseSqrt()
    let draws = 20_000
    var diagonal = 0.0
    var offDiagonal = 0.0
    for _ in 0..<draws {
      let v = Matrix(rows: n, cols: n, elements: try spd.tangentGaussian(x, &rng))
      let s = inverseRoot * v * inverseRoot  // recovers S = X^{-1/2} V X^{-1/2}
      diagonal += s[1, 1] * s[1, 1]
      offDiagonal += s[2, 0] * s[2, 0]
      XCTAssertEqual(s[2, 0], s[0, 2], accuracy: 1e-12)
    }
    let se = (2.0 / Double(draws)).squareRoot()  // SE of a sample variance of a normal, relative to σ²
    XCTAssertEqual(diagonal / Double(draws), 1, accuracy: 5 * se)
    XCTAssertEqual(offDiagonal / Double(draws), 0.5, accuracy: 5 * 0.5 * se)
  }

  func testStiefelExpIsAGeodesicWithTheRightVelocity() throws {
    for retraction in Stiefel.Retraction.allCases {
      let st = try Stiefel(n: 6, p: 3, retraction: retraction)
      var rng = CatalogueRandom(seed: 12)
      let x = try st.randomPoint(&rng)
      let v = try st.tangentGaussian(x, &rng)
      let h = 1e-4
      let forward = try st.exp(x, v.map { h * $0 })
      let backward = try st.exp(x, v.map { -h * $0 })
      let velocity = zip(forward, backward).map { ($0 - $1) / (2 * h) }
      assertClose(velocity, v, 1e-7)
      // A geodesic of the embedded metric accelerates normally to the manifold: proj(X, γ'') = 0.
      let acceleration = (0..<x.count).map { (forward[$0] - 2 * x[$0] + backward[$0]) / (h * h) }
      let tangentPart = try st.project(x, acceleration)
      let accelerationSize = acceleration.reduce(0) { max($0, abs($1)) }
      XCTAssertGreaterThan(accelerationSize, 0.1)
      XCTAssertLessThan(tangentPart.reduce(0) { max($0, abs($1)) }, 1e-5 * accelerationSize)
      // Large steps stay on the manifold too.
      XCTAssertLessThan(try st.manifoldError(try st.exp(x, v.map { 5 * $0 })), 1e-12)
    }
  }

  func testStiefelRetractionsAndRandomPoints() throws {
    let st = try Stiefel(n: 5, p: 2)
    XCTAssertEqual(st.dimension, 10 - 3)
    // qf(X + V) for X = [e1 e2] and V = t·[e3 0]: normalised first column, second unchanged.
    let x = [1.0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    let v = [0.0, 0, 0.75, 0, 0, 0, 0, 0, 0, 0]
    assertClose(try st.retract(x, v), [0.8, 0, 0.6, 0, 0, 0, 1, 0, 0, 0], 1e-15)
    let polar = try Stiefel(n: 5, p: 2, retraction: .polar)
    assertClose(try polar.retract(x, v), [0.8, 0, 0.6, 0, 0, 0, 1, 0, 0, 0], 1e-15)
    var rng = CatalogueRandom(seed: 13)
    let y = try st.randomPoint(&rng)
    XCTAssertLessThan(try st.manifoldError(y), 1e-14)
  }

  func testUnsupportedAndInvalidInputsThrowPluginErrors() throws {
    let st = try Stiefel(n: 4, p: 2)
    let x = [1.0, 0, 0, 0, 0, 1, 0, 0]
    XCTAssertFalse(st.hasLog)
    XCTAssertFalse(st.hasDistance)
    XCTAssertThrowsError(try st.log(x, x)) { XCTAssertEqual(($0 as? PluginError)?.code, .unsupported) }
    XCTAssertThrowsError(try st.distance(x, x)) { XCTAssertEqual(($0 as? PluginError)?.code, .unsupported) }
    let product = try ProductManifold(st, Sphere(3))
    XCTAssertFalse(product.hasLog)
    XCTAssertThrowsError(try product.log(x + [1, 0, 0], x + [1, 0, 0])) {
      XCTAssertEqual(($0 as? PluginError)?.code, .unsupported)
    }
    XCTAssertThrowsError(try Sphere(3).exp([1, 0], [0, 1])) {
      XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument)
    }
    XCTAssertThrowsError(try Stiefel(n: 2, p: 3)) { XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument) }
    XCTAssertThrowsError(try Sphere(1)) { XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument) }
    XCTAssertThrowsError(try SPD(0)) { XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument) }
    XCTAssertThrowsError(try ProductManifold([])) { XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument) }
  }

  func testProductLayoutIsTheConcatenation() throws {
    let sphere = try Sphere(3)
    let spd = try SPD(2)
    let product = try ProductManifold(sphere, spd)
    XCTAssertEqual(product.name, "product(sphere(3), spd(2))")
    XCTAssertEqual(product.pointSize, 7)
    XCTAssertEqual(product.dimension, 2 + 3)
    let x = [1.0, 0, 0, 2, 0, 0, 4]
    let u = [0.0, 1, 2, 1, 1, 1, 0]
    XCTAssertEqual(
      try product.inner(x, u, u),
      try sphere.inner([1, 0, 0], [0, 1, 2], [0, 1, 2]) + spd.inner([2, 0, 0, 4], [1, 1, 1, 0], [1, 1, 1, 0]),
      accuracy: 1e-15)
    XCTAssertEqual(
      try product.exp(x, u),
      try sphere.exp([1, 0, 0], [0, 1, 2]) + spd.exp([2, 0, 0, 4], [1, 1, 1, 0]))
    let y = try product.exp(x, u)
    let d1 = try sphere.distance([1, 0, 0], Array(y[0..<3]))
    let d2 = try spd.distance([2, 0, 0, 4], Array(y[3..<7]))
    XCTAssertEqual(try product.distance(x, y), (d1 * d1 + d2 * d2).squareRoot(), accuracy: 1e-14)
    // Random draws consume the components' streams in order.
    var a = CatalogueRandom(seed: 14)
    var b = CatalogueRandom(seed: 14)
    let joint = try product.tangentGaussian(x, &a)
    let separate = try sphere.tangentGaussian([1, 0, 0], &b) + spd.tangentGaussian([2, 0, 0, 4], &b)
    XCTAssertEqual(joint, separate)
  }
}
