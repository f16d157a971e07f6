import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import Invex

/// The known minimisers the trace measures against, each checked by a route of its own.
final class ReferenceTests: XCTestCase {
  /// For two matrices the Karcher mean is the geometric mean A#B = A^{1/2}(A^{−1/2}BA^{−1/2})^{1/2}A^{1/2}.
  func testKarcherOfTwoIsGeometricMean() throws {
    var rng = CatalogueRandom(seed: 8)
    let a = try SPDMath.randomSPD(4, spread: 0.8, rng: &rng)
    let b = try SPDMath.randomSPD(4, spread: 0.8, rng: &rng)
    let root = try a.symmetricSqrt()
    let inverseRoot = try a.symmetricInverseSqrt()
    let geometric = root * (try (inverseRoot * b * inverseRoot).symmetrized().symmetricSqrt()) * root
    let mean = try KarcherFixedPoint.mean([a, b])
    XCTAssertLessThan((mean - geometric).maxAbs, 1e-11)
  }

  /// Tyler's objective is scale invariant, f(3Σ) = f(Σ) (spec §5.3).
  func testTylerScaleInvariance() throws {
    let f = try RecordingHost.makeInstance(TylerEstimator.family, seed: 2).objective()
    var rng = CatalogueRandom(seed: 3)
    let sigma = try SPDMath.randomSPD(5, spread: 0.5, rng: &rng)
    XCTAssertEqual(try f.value((3 * sigma).elements), try f.value(sigma.elements), accuracy: 1e-12)
  }

  /// The box-constrained minimiser of I2 satisfies the KKT conditions of min g(u) on [ℓ, r]ⁿ: the gradient is 0
  /// at free coordinates, ≥ 0 at ℓ and ≤ 0 at r, and some bound is active with the default box.
  func testBoxReferenceIsKKT() throws {
    var rng = CatalogueRandom(seed: 9)
    let problem = try ReparametrisedLeastSquares.draw(
      rows: 30, cols: 10, signal: 3, noise: 0, beta: 0.9, box: -0.5...0.5, rng: &rng)
    let u = try problem.convexMinimiser()
    let g = problem.transposeProduct(problem.residual(u))
    var active = 0
    for i in u.indices {
      if u[i] <= -0.5 {
        XCTAssertGreaterThanOrEqual(g[i], -1e-12)
        active += 1
      } else if u[i] >= 0.5 {
        XCTAssertLessThanOrEqual(g[i], 1e-12)
        active += 1
      } else {
        XCTAssertEqual(g[i], 0, accuracy: 1e-12)
      }
    }
    XCTAssertGreaterThan(active, 0)
  }

  /// The constrained Gaussian-NLL minimisers are feasible and no random feasible point nearby does better.
  func testConstrainedLikelihoodMinimisers() throws {
    for constraint in ["eigenvalue-box", "geodesic-ball"] {
      let overrides: [String: ParameterValues.Value] = ["n": .int(4), "constraint": .string(constraint)]
      let instance = try RecordingHost.makeInstance(GaussianLikelihood.family, seed: 4, overrides)
      let f = try XCTUnwrap(try instance.objective() as? GaussianLikelihood)
      let fStar = try XCTUnwrap(instance.reference("f_star"))
      XCTAssertLessThan(fStar, try f.value(f.initialPoint()))
      var rng = CatalogueRandom(seed: 6)
      let spd = try SPD(4)
      var best = Double.infinity
      var minimiser = try f.project(f.scatter.elements)
      for _ in 0..<200 {
        let direction = try spd.tangentGaussian(minimiser, &rng)
        let candidate = try f.project(try spd.exp(minimiser, ArrayMath.scale(0.05, direction)))
        XCTAssertLessThanOrEqual(try f.constraint.violation(candidate, n: 4), 1e-12)
        best = min(best, try f.value(candidate))
      }
      XCTAssertGreaterThanOrEqual(best, fStar - 1e-12, constraint)
      minimiser = try f.project(f.scatter.elements)
      XCTAssertGreaterThan(try f.value(minimiser), fStar - 1e-12, constraint)
    }
  }
}
