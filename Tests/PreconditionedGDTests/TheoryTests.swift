import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import PreconditionedGD

/// Theorem 1's closed form (preconditioned-gd.md §2.1) against the spec's numbers, against the shared module's
/// independent implementation, and against Monte Carlo through the transformer itself.
final class TheoryTests: XCTestCase {
  /// The spec's three settings (the loss depends on Σ's eigenvalues only): isotropic, paper and code Σ.
  private let spectra: [(name: String, values: [Double], loss: Double)] = [
    ("isotropic", [1, 1, 1, 1, 1], 1.1538), ("paper", [1, 1, 0.25, 2.25, 1], 1.2001),
    ("code", [1, 1, 0.25, 0.0625, 1], 0.6818),
  ]

  func testIsotropicOptimumIsTheSpecsValues() throws {
    let theory = try OneLayerTheory(covariance: Matrix.identity(5), contextLength: 20)
    XCTAssertEqual(try theory.optimalLoss(), 30.0 / 26.0, accuracy: 1e-12)
    XCTAssertEqual(try theory.optimalLoss(), 1.1538, accuracy: 5e-5)
    let a = try theory.optimalPreconditioner()
    XCTAssertEqual((a - Matrix.identity(5) * (20.0 / 26.0)).maxAbs, 0, accuracy: 1e-12)
    XCTAssertEqual(a[0, 0], 0.769, accuracy: 5e-4)
  }

  /// L* = 1.2001 (paper Σ), 0.6818 (code Σ); L(0.9·A₀) = L(1.1·A₀) = 1.1923, 1.2431, 0.7081 (spec §9.5); the A₀
  /// eigenvalues of the paper Σ are 0.755 (×3), 1.860, 0.379.
  func testNonIsotropicOptimaAndScaledLosses() throws {
    let scaled: [String: Double] = ["isotropic": 1.1923, "paper": 1.2431, "code": 0.7081]
    for (name, values, loss) in spectra {
      let theory = try OneLayerTheory(covariance: Matrix.diagonal(values), contextLength: 20)
      XCTAssertEqual(try theory.optimalLoss(), loss, accuracy: 5e-5, name)
      let a = try theory.optimalPreconditioner()
      XCTAssertEqual(theory.loss(preconditioner: a), try theory.optimalLoss(), accuracy: 1e-12, name)
      XCTAssertEqual(theory.loss(preconditioner: a * 0.9), scaled[name]!, accuracy: 5e-5, name)
      XCTAssertEqual(theory.loss(preconditioner: a * 1.1), scaled[name]!, accuracy: 5e-5, name)
    }
    let paper = try OneLayerTheory(covariance: Matrix.diagonal([1, 1, 0.25, 2.25, 1]), contextLength: 20)
    let eigenvalues = try paper.optimalPreconditioner().diagonalElements
    for (value, expected) in zip(eigenvalues, [0.755, 0.755, 1.860, 0.379, 0.755]) {
      XCTAssertEqual(value, expected, accuracy: 5e-4)
    }
  }

  /// A* is a stationary point: the loss grows quadratically in every random direction, and agrees with the shared
  /// module's eigen-based A₀ and L* for a random SPD Σ.
  func testOptimumIsStationaryAndMatchesTheSharedFormula() throws {
    var rng = CatalogueRandom(seed: 4)
    let g = Matrix(rows: 5, cols: 5) { _, _ in rng.normal() }
    let sigma = (Matrix.product(g, g, transposeB: true) * 0.3 + Matrix.identity(5) * 0.2).symmetrized()
    let theory = try OneLayerTheory(covariance: sigma, contextLength: 13)
    let a = try theory.optimalPreconditioner()
    XCTAssertEqual(
      try theory.optimalLoss(), try OneLayerOptimum.loss(covariance: sigma, contextLength: 13), accuracy: 1e-10)
    let shared = try OneLayerOptimum.preconditioner(covariance: sigma, contextLength: 13)
    XCTAssertLessThan((a - shared).maxAbs, 1e-10)
    for _ in 0..<5 {
      let e = Matrix(rows: 5, cols: 5) { _, _ in rng.normal() }
      let up = theory.loss(preconditioner: a + e * 1e-3) - theory.loss(preconditioner: a)
      let down = theory.loss(preconditioner: a - e * 1e-3) - theory.loss(preconditioner: a)
      XCTAssertGreaterThan(up, 0)
      XCTAssertEqual(up, down, accuracy: 1e-9 * max(1, abs(up)))
    }
  }

  /// With w ~ N(0, Σ⁻¹) the optimum is n/(n+1+d)·Σ⁻¹ with the isotropic loss (the pitfall of §6).
  func testInversePriorOptimumIsAMultipleOfSigmaInverse() throws {
    let sigma = Matrix.diagonal([1, 1, 0.25, 0.0625, 1])
    let inverse = try Cholesky(sigma).inverse()
    let theory = try OneLayerTheory(covariance: sigma, taskCovariance: inverse, contextLength: 20)
    XCTAssertLessThan((try theory.optimalPreconditioner() - inverse * (20.0 / 26.0)).maxAbs, 1e-12)
    XCTAssertEqual(try theory.optimalLoss(), 30.0 / 26.0, accuracy: 1e-12)
  }

  /// The exact population loss L(A) of an arbitrary (non-optimal, non-symmetric) block, with the code's rotated Σ,
  /// w ~ N(0, Σ⁻¹) and label noise, equals the transformer's Monte Carlo loss within 4 standard errors.
  func testPopulationLossMatchesMonteCarloWithNoiseAndInversePrior() throws {
    var rng = CatalogueRandom(seed: 8, stream: 9)
    let sampler = try RegressionPromptSampler(
      featureDimension: 5, contextLength: 10, noiseStd: 0.5, covariance: .code, taskPrior: .inverseCovariance,
      rng: &rng)
    let sigma = sampler.covarianceMatrix
    let theory = try OneLayerTheory(
      covariance: sigma, taskCovariance: try Cholesky(sigma).inverse(), noiseVariance: 0.25, contextLength: 10)
    let a = try theory.optimalPreconditioner() + Matrix(rows: 5, cols: 5) { _, _ in 0.2 * rng.normal() }
    let model = try ConstructedTransformer.model([a], dimension: 5, contextLength: 10)
    let batch = try PromptBatch.draw(20_000, from: sampler, rng: &rng)
    let predictions = try model.predictions(batch)
    let loss = TestLoss(squaredErrors: zip(predictions, batch.queryTargets).map { ($0 - $1) * ($0 - $1) })
    XCTAssertEqual(loss.mean, theory.loss(preconditioner: a), accuracy: 4 * loss.standardError)
    XCTAssertGreaterThan(theory.loss(preconditioner: a), try theory.optimalLoss() + 10 * loss.standardError)
  }
}
