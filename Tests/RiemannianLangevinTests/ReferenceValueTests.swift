import CatalogueSDK
import SeededRandom
import XCTest

@testable import RiemannianLangevin

/// The plugin's own references against every value listed in riemannian-langevin.md §6 (and its Corrections
/// table, 8 digits), before they are trusted for other parameters.
final class ReferenceValueTests: XCTestCase {
  func testVonMisesFisherOnS2MatchesClosedFormAndSpec() throws {
    let kappa = 5.0
    let ratio = try VonMisesFisher(ambientDimension: 3, kappa: kappa).referenceExpectations()[0]
    XCTAssertEqual(ratio, 1 / _tanh(kappa) - 1 / kappa, accuracy: 1e-13)
    XCTAssertEqual(ratio, 0.800091, accuracy: 5e-7)
    XCTAssertEqual(ratio, 0.80009080, accuracy: 5e-9)
  }

  func testBesselRatioAgreesWithQuadratureOfTheMarginal() throws {
    for (d, kappa) in [(3, 0.5), (3, 20.0), (10, 5.0), (10, 1.0), (25, 40.0)] {
      let problem = try VonMisesFisher(ambientDimension: d, kappa: kappa)
      let quadrature = problem.marginal.expectation { $0 }
      XCTAssertEqual(try problem.referenceExpectations()[0], quadrature, accuracy: 1e-9, "d = \(d), κ = \(kappa)")
    }
  }

  func testWatsonMatchesSpec() throws {
    XCTAssertEqual(try Watson(kappa: 3).referenceExpectations()[0], 0.62618540, accuracy: 5e-9)
    XCTAssertEqual(try Watson(kappa: 5).referenceExpectations()[0], 0.76426622, accuracy: 5e-9)
    XCTAssertEqual(try Watson(kappa: 3).referenceExpectations()[0], 0.6262, accuracy: 5e-5)
    XCTAssertEqual(try Watson(kappa: 5).referenceExpectations()[0], 0.7643, accuracy: 5e-5)
  }

  func testHyperbolicGaussianMatchesSpec() throws {
    XCTAssertEqual(try HyperbolicGaussian(sigma: 0.5).referenceExpectations()[0], 0.54235271, accuracy: 5e-9)
    XCTAssertEqual(try HyperbolicGaussian(sigma: 1).referenceExpectations()[0], 2.70887491, accuracy: 5e-9)
  }

  func testSPDGaussianMatchesSpec() throws {
    XCTAssertEqual(try SPDGaussian(sigma: 0.5).referenceExpectations()[0], 0.77100590, accuracy: 5e-9)
    XCTAssertEqual(try SPDGaussian(sigma: 0.5).referenceExpectations()[0], 0.7710, accuracy: 5e-5)
  }

  /// The CDF grid ends at 0 and 1 and its mean ∫(1 − F) + lower equals the quadrature mean.
  func testCDFGridIsConsistentWithTheExpectation() throws {
    let problem = try HyperbolicGaussian(sigma: 1)
    let (points, cdf) = problem.marginal.cdfGrid(count: 2001)
    XCTAssertEqual(cdf.first!, 0, accuracy: 1e-15)
    XCTAssertEqual(cdf.last!, 1, accuracy: 1e-12)
    var mean = points[0]
    for j in 1..<points.count { mean += 0.5 * ((1 - cdf[j]) + (1 - cdf[j - 1])) * (points[j] - points[j - 1]) }
    XCTAssertEqual(mean, try problem.referenceExpectations()[1], accuracy: 1e-5)
  }

  /// Exact vMF draws on S² (inversion, §4.2) match A₃(κ) within Monte Carlo error, have a small W₁ to the
  /// published CDF, and a sample shifted by 0.05 has W₁ ≈ 0.05: the distance has the right scale.
  func testExactSamplerAndWassersteinDistance() throws {
    let problem = try VonMisesFisher(ambientDimension: 3, kappa: 5)
    var rng = CatalogueRandom(seed: 7)
    let draws = (0..<40_000).map { _ in ExactMarginalSampler.vmfCosineOnS2(kappa: 5, &rng) }
    let (mean, error) = LangevinSampler.meanAndError(draws)
    XCTAssertEqual(mean, try problem.referenceExpectations()[0], accuracy: 4 * error)
    let cdf = try XCTUnwrap(ReferenceCDF.parse(problem.references.entries).first)
    XCTAssertEqual(cdf.statistic, "mu_dot_x")
    XCTAssertLessThan(cdf.wasserstein1(draws), 0.004)
    XCTAssertEqual(cdf.wasserstein1(draws.map { $0 - 0.05 }), 0.05, accuracy: 0.005)
  }
}

private func _tanh(_ x: Double) -> Double { (_exp(2 * x) - 1) / (_exp(2 * x) + 1) }
