import CatalogueSDK
import Manifolds
import SeededRandom
import XCTest

@testable import RiemannianLangevin

/// The oracles the samplers rely on: Riemannian gradients against finite differences along Exp and against the
/// spec's closed forms, and tangent Gaussians on every manifold the problems use (tangent, E‖ξ‖² = dim).
final class GeometryOracleTests: XCTestCase {
  /// ⟨grad h(x), v⟩ₓ = d/dt h(Exp_x(tv)) at t = 0, by a central difference, at a random point.
  private func checkGradient(_ problem: any SamplingProblem, seed: UInt64) throws {
    let geometry = try XCTUnwrap(problem.geometry)
    var rng = CatalogueRandom(seed: seed)
    for chain in 0..<5 {
      let x = try problem.initialPoint(chain: chain, rng: &rng)
      let v = try geometry.tangentGaussian(x, &rng)
      let grad = try geometry.riemannianGradient(x, euclidean: try problem.potentialGradient(x, samples: nil).gradient)
      let t = 1e-5
      let plus = try problem.potential(try geometry.exp(x, v.map { t * $0 }), samples: nil)
      let minus = try problem.potential(try geometry.exp(x, v.map { -t * $0 }), samples: nil)
      let directional = (plus - minus) / (2 * t)
      XCTAssertEqual(try geometry.inner(x, grad, v), directional, accuracy: 1e-6 * max(1, abs(directional)))
    }
  }

  func testGradientsMatchFiniteDifferencesAlongExp() throws {
    try checkGradient(VonMisesFisher(ambientDimension: 3, kappa: 5), seed: 1)
    try checkGradient(VonMisesFisher(ambientDimension: 10, kappa: 5), seed: 2)
    try checkGradient(Watson(kappa: 5), seed: 3)
    try checkGradient(HyperbolicGaussian(sigma: 1), seed: 4)
    try checkGradient(SPDGaussian(sigma: 0.5), seed: 5)
  }

  /// Spec §4.4: grad h = −Log_x(o)/σ² on H²; §4.5: grad h = X logm(X)/σ² on SPD(2).
  func testGradientsMatchTheSpecClosedForms() throws {
    var rng = CatalogueRandom(seed: 11)
    let h2 = try HyperbolicGaussian(sigma: 0.7)
    let x = try h2.initialPoint(chain: 0, rng: &rng)
    let grad = try h2.space.riemannianGradient(x, euclidean: try h2.potentialGradient(x, samples: nil).gradient)
    let expected = try h2.space.log(x, h2.space.origin).map { -$0 / (0.7 * 0.7) }
    for i in 0..<3 { XCTAssertEqual(grad[i], expected[i], accuracy: 1e-12) }

    let spd = try SPDGaussian(sigma: 0.5)
    let X = try spd.initialPoint(chain: 0, rng: &rng)
    let g = try spd.space.riemannianGradient(X, euclidean: try spd.potentialGradient(X, samples: nil).gradient)
    let logX = SymmetricTwoByTwo(X).apply { _log($0) }
    for i in 0..<2 {
      for j in 0..<2 {
        let product = (0..<2).reduce(0.0) { $0 + X[i + 2 * $1] * logX[$1 + 2 * j] } / 0.25
        XCTAssertEqual(g[i + 2 * j], product, accuracy: 1e-12)
      }
    }
  }

  /// The closed-form 2×2 eigendecomposition reassembles X and gives logm(expm(S)) = S.
  func testSymmetricTwoByTwoFunctions() {
    let x: [Double] = [2.5, -0.7, -0.7, 0.4]
    let identity = SymmetricTwoByTwo(x).apply { $0 }
    for i in 0..<4 { XCTAssertEqual(identity[i], x[i], accuracy: 1e-14) }
    let s: [Double] = [0.3, 1.2, 1.2, -0.8]
    let roundTrip = SymmetricTwoByTwo(SymmetricTwoByTwo(s).apply { _exp($0) }).apply { _log($0) }
    for i in 0..<4 { XCTAssertEqual(roundTrip[i], s[i], accuracy: 1e-13) }
  }

  /// Tangent Gaussians are tangent and have E‖ξ‖²ₓ = dim (within 5 standard errors) on S², S⁹, H², SPD(2).
  func testTangentGaussiansOnEveryManifoldUsed() throws {
    let problems: [any SamplingProblem] = [
      try VonMisesFisher(ambientDimension: 3, kappa: 5), try VonMisesFisher(ambientDimension: 10, kappa: 5),
      try HyperbolicGaussian(sigma: 1), try SPDGaussian(sigma: 0.5),
    ]
    var rng = CatalogueRandom(seed: 21)
    for problem in problems {
      let geometry = try XCTUnwrap(problem.geometry)
      let x = try problem.initialPoint(chain: 0, rng: &rng)
      var norms: [Double] = []
      for _ in 0..<20_000 {
        let xi = try geometry.tangentGaussian(x, &rng)
        let projected = try geometry.project(x, xi)
        for i in xi.indices { XCTAssertEqual(projected[i], xi[i], accuracy: 1e-10) }
        norms.append(try geometry.inner(x, xi, xi))
      }
      let (mean, error) = LangevinSampler.meanAndError(norms)
      XCTAssertEqual(mean, Double(geometry.dimension), accuracy: 5 * error, geometry.name)
    }
  }
}
