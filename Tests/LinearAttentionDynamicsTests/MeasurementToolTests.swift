import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

/// The shared measurement tools against independent computations: a dense Hessian from loss values only, a
/// closed-form curvature, Gaussian noise of known covariance, hand-computed ranks.
final class MeasurementToolTests: XCTestCase {
  /// A 2-layer parametrisation-(b) model on d = 2, n = 3 with 16 parameters and a batch of 6 prompts.
  private func smallLoss(seed: UInt64 = 5) throws -> (BatchLoss<LinearTransformer>, [Double]) {
    var rng = CatalogueRandom(seed: seed, stream: 7)
    let sampler = try RegressionPromptSampler(
      featureDimension: 2, contextLength: 3, covariance: .isotropic, rng: &rng)
    let batch = try PromptBatch.draw(6, from: sampler, rng: &rng)
    let model = try LinearTransformer(
      configuration: TransformerConfiguration(
        featureDimension: 2, contextLength: 3, layers: 2, parametrisation: .valueKey),
      initStd: 0.5, rng: &rng)
    return (BatchLoss(model: model, batch: batch), model.weights.flattened)
  }

  /// The diagonal from central differences of the analytic gradient equals the diagonal of the dense Hessian built
  /// from loss values alone (four-point second differences), so a wrong sign, scale or index in either the gradient
  /// or the differencing shows up.
  func testHessianDiagonalMatchesDenseHessianFromLossValues() throws {
    var (loss, theta) = try smallLoss()
    let diagonal = try HessianDiagonal.centralDifferences(of: &loss, at: theta, step: 1e-4)
    let h = 1e-3
    func f(_ shifts: [(Int, Double)]) throws -> Double {
      var probe = theta
      for (j, s) in shifts { probe[j] += s }
      return try loss.lossAndGradient(at: probe).loss
    }
    let p = theta.count
    XCTAssertEqual(p, 16)
    var dense = Matrix(rows: p, cols: p)
    for i in 0..<p {
      for j in 0..<p {
        dense[i, j] =
          (try f([(i, h), (j, h)]) - f([(i, h), (j, -h)]) - f([(i, -h), (j, h)]) + f([(i, -h), (j, -h)]))
          / (4 * h * h)
      }
    }
    let scale = (0..<p).map { abs(dense[$0, $0]) }.max()!
    XCTAssertGreaterThan(scale, 1e-3)
    for j in 0..<p {
      XCTAssertEqual(diagonal.values[j], dense[j, j], accuracy: 1e-5 * scale, "H[\(j),\(j)]")
    }
    // The last layer's value block B.1.0 (entries 8…11) never reaches the loss: its diagonal is exactly zero.
    for j in 8..<12 { XCTAssertEqual(diagonal.values[j], 0) }
    // The dense Hessian is symmetric and not diagonal, so the test compares more than a trivial matrix.
    XCTAssertEqual(dense[0, 5], dense[5, 0], accuracy: 1e-6 * scale)
    XCTAssertGreaterThan((0..<p).map { abs(dense[0, $0]) }.dropFirst().max()!, 1e-3 * scale)
  }

  func testRobustConditionNumberUsesTheLowerMedian() {
    let diagonal = HessianDiagonal(values: [0, -4, 1, 2, 8, 0], step: 1)
    // |H| sorted: 0 0 1 2 4 8; lower median (index 2) = 1, not the mean 1.5 of the two middle values.
    XCTAssertEqual(HessianDiagonal.lowerMedian([0, 4, 1, 2, 8, 0]), 1)
    XCTAssertEqual(diagonal.robustConditionNumber, 8)
    XCTAssertEqual(HessianDiagonal(values: [3, -1, 2], step: 1).robustConditionNumber, 1.5)
    XCTAssertEqual(HessianDiagonal(values: [0, 0, 2], step: 1).robustConditionNumber, .infinity)
  }

  /// f(θ) = ½θᵀAθ has uᵀ∇²f u = uᵀAu/‖u‖² exactly.
  func testDirectionalSmoothnessOfAQuadratic() throws {
    struct Quadratic: FlatDifferentiableLoss {
      let a: Matrix
      var parameterCount: Int { a.rows }
      mutating func lossAndGradient(at parameters: [Double]) throws -> (loss: Double, gradient: [Double]) {
        let g = Matrix.product(a, Vector(parameters)).elements
        return (0.5 * zip(parameters, g).reduce(0) { $0 + $1.0 * $1.1 }, g)
      }
    }
    var loss = Quadratic(a: Matrix(rows: [[4, 1, 0], [1, 3, -1], [0, -1, 2]]))
    let u = [1.0, -2, 2]
    let curvature = try XCTUnwrap(try DirectionalSmoothness.along(u, of: &loss, at: [0.3, -1, 7], step: 1e-3))
    // A·u = (2, −7, 6), uᵀ(A·u) = 2 + 14 + 12 = 28, ‖u‖² = 9.
    XCTAssertEqual(curvature, 28.0 / 9, accuracy: 1e-9)
    XCTAssertNil(try DirectionalSmoothness.along([0, 0, 0], of: &loss, at: [1, 1, 1]))
  }

  /// On the transformer the curvature along u agrees with the second difference of loss values along u.
  func testDirectionalSmoothnessMatchesLossSecondDifference() throws {
    var (loss, theta) = try smallLoss(seed: 8)
    var rng = CatalogueRandom(seed: 3)
    let u = rng.unitVector(theta.count)
    let curvature = try XCTUnwrap(try DirectionalSmoothness.along(u.map { 3 * $0 }, of: &loss, at: theta))
    let h = 1e-3
    let plus = try loss.lossAndGradient(at: zip(theta, u).map { $0 + h * $1 }).loss
    let minus = try loss.lossAndGradient(at: zip(theta, u).map { $0 - h * $1 }).loss
    let centre = try loss.lossAndGradient(at: theta).loss
    XCTAssertEqual(curvature, (plus - 2 * centre + minus) / (h * h), accuracy: 1e-4 * max(1, abs(curvature)))
  }

  /// Gradients drawn from N(ḡ, Σ) with a known Σ: the mean squared norm estimates tr Σ, the spectrum of S estimates
  /// that of Σ, and the tail statistic stays near 1; multivariate Student-t noise (3 degrees of freedom, same
  /// scatter) has a clearly heavier tail.
  func testNoiseEstimatorOnKnownCovariance() throws {
    var rng = CatalogueRandom(seed: 11)
    let scales = [3.0, 2, 1, 0.5]
    let reference = [1.0, -2, 0.5, 4]
    let count = 4000
    func draw(heavy: Bool) -> [[Double]] {
      (0..<count).map { _ in
        let z = rng.normals(4)
        // χ²₃/3 from three normals: x/√(χ²₃/3) is Student-t with 3 degrees of freedom.
        let chi = heavy ? rng.normals(3).reduce(0) { $0 + $1 * $1 } / 3 : 1
        return (0..<4).map { reference[$0] + scales[$0] * z[$0] / chi.squareRoot() }
      }
    }
    let gaussian = try GradientNoiseSample(reference: reference, gradients: draw(heavy: false))
    let trace = scales.reduce(0) { $0 + $1 * $1 }  // 14.25
    let squared = gaussian.norms.map { $0 * $0 }
    let mean = squared.reduce(0, +) / Double(count)
    // Var‖ξ‖² = 2Σλ² = 2·(81 + 16 + 1 + 1/16) for Gaussian ξ.
    let standardError = (2 * scales.reduce(0) { $0 + pow($1, 4) } / Double(count)).squareRoot()
    XCTAssertEqual(mean, trace, accuracy: 4 * standardError)
    XCTAssertEqual(gaussian.covarianceEigenvalues.reduce(0, +), mean, accuracy: 1e-9 * trace)
    for (estimate, truth) in zip(gaussian.covarianceEigenvalues, scales.map { $0 * $0 }) {
      XCTAssertEqual(estimate, truth, accuracy: 0.1 * truth)
    }
    let light = gaussian.tailComparison(rng: &rng)
    XCTAssertEqual(light.tailRatio, 1, accuracy: 0.25)
    XCTAssertEqual(light.excessKurtosis, light.gaussianExcessKurtosis, accuracy: 0.3)
    let heavy = try GradientNoiseSample(reference: reference, gradients: draw(heavy: true)).tailComparison(rng: &rng)
    XCTAssertGreaterThan(heavy.tailRatio, 1.5)
    XCTAssertGreaterThan(heavy.excessKurtosis, heavy.gaussianExcessKurtosis + 1)
  }

  /// The Hill estimator recovers the index of an exact Pareto sample.
  func testHillEstimatorOnPareto() {
    var rng = CatalogueRandom(seed: 2)
    let alpha = 2.5
    let sample = (0..<20_000).map { _ in pow(1 - rng.uniform(), -1 / alpha) }
    XCTAssertEqual(GradientNoiseSample.hillTailIndex(sample, tailFraction: 0.05), alpha, accuracy: 0.2)
  }

  func testSpearman() throws {
    XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4], [10, 100, 1000, 1e4])), 1, accuracy: 1e-15)
    XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4], [4, 3, 2, 1])), -1, accuracy: 1e-15)
    XCTAssertEqual(RankCorrelation.ranks([3, 1, 3, 2]), [3.5, 1, 3.5, 2])
    // Ranks x: 1 2 3 4 5, y: 2 1 4 3 5 → Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8.
    XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])), 0.8, accuracy: 1e-12)
    XCTAssertNil(RankCorrelation.spearman([1, 2, 3], [5, 5, 5]))
  }
}
