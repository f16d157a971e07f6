import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import Invex

/// φ and φ⁻¹, and the step maps: η(S_x(v), x) = v for every kernel (spec §4.1).
final class KernelTests: XCTestCase {
  func testPhiRoundTrips() throws {
    var rng = CatalogueRandom(seed: 11)
    for beta in [0.9, -0.5, 0.0, 0.99] {
      let phi = try SineReparametrisation(beta: beta)
      for _ in 0..<2000 {
        let t = 20 * (2 * rng.uniform() - 1)
        // φ⁻¹ is conditioned by 1/φ′: a rounding of u = φ(t) moves t by ulp(u)/φ′(t).
        let u = phi.value(t)
        XCTAssertEqual(phi.inverse(u), t, accuracy: 8 * u.ulp / phi.derivative(t), "β = \(beta), t = \(t)")
        XCTAssertEqual(phi.value(phi.inverse(t)), t, accuracy: 8 * t.ulp, "β = \(beta), u = \(t)")
      }
      for t in [0.0, .pi, -.pi, 1e6, -3e5] {
        XCTAssertEqual(phi.inverse(phi.value(t)), t, accuracy: 8 * phi.value(t).ulp / phi.derivative(t) + 1e-300)
      }
    }
    XCTAssertThrowsError(try SineReparametrisation(beta: 1))
  }

  func testPhiDerivativeMatchesFiniteDifferences() throws {
    let phi = try SineReparametrisation(beta: 0.9)
    for t in stride(from: -4.0, through: 4.0, by: 0.37) {
      let h = 1e-6
      XCTAssertEqual(phi.derivative(t), (phi.value(t + h) - phi.value(t - h)) / (2 * h), accuracy: 1e-8)
    }
  }

  func testStepMapInvertsKernel() throws {
    var rng = CatalogueRandom(seed: 5)
    let x = rng.normals(6).map { 3 * $0 }
    let v = rng.normals(6)
    let k3 = ReparametrisedKernel(phi: try SineReparametrisation(beta: 0.9))
    let k1 = EuclideanKernel()
    for kernel in [k3, k1] as [any InvexKernel] {
      let y = try kernel.step(x, v)
      for (a, b) in zip(try kernel.eta(y, x), v) { XCTAssertEqual(a, b, accuracy: 1e-12, kernel.name) }
    }
    let spd = try SPD(4)
    let p = try spd.randomPoint(&rng)
    let w = try spd.tangentGaussian(p, &rng)
    let k2 = try GeodesicKernel(spd)
    for (a, b) in zip(try k2.eta(try k2.step(p, w), p), w) { XCTAssertEqual(a, b, accuracy: 1e-10) }
  }

  /// The K3 metric gradient is Dφ⁻²∇f and its metric norm is ‖∇g(u)‖ (spec §4.2).
  func testK3MetricGradient() throws {
    let phi = try SineReparametrisation(beta: 0.9)
    let kernel = ReparametrisedKernel(phi: phi)
    let x = [0.3, 2.9, -3.1]
    let g = [1.0, -2.0, 0.5]
    let d = try kernel.metricGradient(x, euclidean: g)
    for i in x.indices {
      XCTAssertEqual(d[i] * phi.derivative(x[i]) * phi.derivative(x[i]), g[i], accuracy: 1e-14)
    }
    let norm = try kernel.metricSquaredNorm(x, d)
    let expected = zip(x, g).reduce(0) { $0 + ($1.1 / phi.derivative($1.0)) * ($1.1 / phi.derivative($1.0)) }
    XCTAssertEqual(norm, expected, accuracy: 1e-12 * expected)
  }
}
