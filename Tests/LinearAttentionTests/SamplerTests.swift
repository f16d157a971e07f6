import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinearAttention

/// The prompt law (common-incontext-regression.md §1) and the embedding (§2).
final class SamplerTests: XCTestCase {
  private func sampler(
    _ covariance: CovarianceMode, prior: TaskPrior = .inverseCovariance, features: FeatureDistribution = .gaussian,
    noise: Double = 0, d: Int = 5, n: Int = 20
  ) throws -> (RegressionPromptSampler, CatalogueRandom) {
    var rng = CatalogueRandom(seed: 3, stream: 1)
    let s = try RegressionPromptSampler(
      featureDimension: d, contextLength: n, noiseStd: noise, features: features, covariance: covariance,
      taskPrior: prior, rng: &rng)
    return (s, rng)
  }

  func testRotatedCovarianceSpectra() throws {
    let (code, _) = try sampler(.code)
    XCTAssertEqual(
      (Matrix.product(code.rotation, code.rotation, transposeA: true) - Matrix.identity(5)).maxAbs, 0, accuracy: 1e-12)
    let codeValues = try SymmetricEigen.values(of: code.covarianceMatrix)
    for (value, expected) in zip(codeValues, [0.0625, 0.25, 1, 1, 1]) {
      XCTAssertEqual(value, expected, accuracy: 1e-12)
    }
    let (paper, _) = try sampler(.paper)
    let paperValues = try SymmetricEigen.values(of: paper.covarianceMatrix)
    for (value, expected) in zip(paperValues, [0.25, 1, 1, 1, 2.25]) {
      XCTAssertEqual(value, expected, accuracy: 1e-12)
    }
    XCTAssertNotEqual(code.rotation, Matrix.identity(5))
  }

  /// The empirical covariance of 84,000 covariates matches Σ (entries of a Wishart average: sd ≤ √(2/N) ≈ 0.005).
  func testEmpiricalCovarianceMatchesSigma() throws {
    var (s, rng) = try sampler(.code)
    let batch = try s.sample(batch: 4000, rng: &rng)
    let x = Matrix(rows: 5, cols: batch.features.count / 5, elements: batch.features)
    let empirical = Matrix.gram(x, transpose: true) * (1 / Double(x.cols))
    XCTAssertLessThan((empirical - s.covarianceMatrix).maxAbs, 0.025)
    XCTAssertEqual(try s.covariance()!, s.covarianceMatrix.elements)
  }

  /// The code's prior makes y = ⟨w₀, ξ⟩, so E[y²] = d whatever Σ; with w ~ N(0, I), E[y²] = tr Σ = 3.3125.
  func testTaskPriorsAndLabels() throws {
    for (prior, expected) in [(TaskPrior.inverseCovariance, 5.0), (.identity, 3.3125)] {
      var (s, rng) = try sampler(.code, prior: prior)
      XCTAssertEqual(s.zeroPredictorLoss, expected, accuracy: 1e-12)
      let batch = try s.sample(batch: 6000, rng: &rng)
      let queries: [Double] = (0..<6000).map { b in batch.targets[20 + 21 * b] }
      let y2 = queries.map { $0 * $0 }
      let loss = TestLoss(squaredErrors: y2)
      XCTAssertEqual(loss.mean, expected, accuracy: 4 * loss.standardError)
      for b in 0..<5 {
        let w = Vector(Array(batch.tasks[(5 * b)..<(5 * b + 5)]))
        for j in 0..<21 {
          let x = Vector(Array(batch.features[(5 * (j + 21 * b))..<(5 * (j + 21 * b) + 5)]))
          XCTAssertEqual(batch.targets[j + 21 * b], w.dot(x), accuracy: 1e-12 * max(1, w.norm * x.norm))
        }
      }
    }
  }

  func testEmbeddingHasZeroQueryLabel() throws {
    var (s, rng) = try sampler(.isotropic, d: 3, n: 4)
    let raw = try s.sample(batch: 2, rng: &rng)
    let batch = try PromptBatch(raw, featureDimension: 3, contextLength: 4)
    for b in 0..<2 {
      let z = batch.prompts[b]
      XCTAssertEqual(z.rows, 4)
      XCTAssertEqual(z.cols, 5)
      XCTAssertEqual(z[3, 4], 0)
      XCTAssertEqual(batch.queryTargets[b], raw.targets[4 + 5 * b])
      XCTAssertNotEqual(batch.queryTargets[b], 0)
      for j in 0..<5 {
        for i in 0..<3 { XCTAssertEqual(z[i, j], raw.features[i + 3 * (j + 5 * b)]) }
        if j < 4 { XCTAssertEqual(z[3, j], raw.targets[j + 5 * b]) }
      }
    }
    XCTAssertThrowsError(
      try PromptBatch(
        prompts: [Matrix(rows: 4, cols: 5, repeating: 1)], queryTargets: [0], featureDimension: 3,
        contextLength: 4))
  }

  func testSphereAndHeavyTailedModes() throws {
    var (sphere, rng) = try sampler(.isotropic, features: .sphere)
    let onSphere = try sphere.sample(batch: 50, rng: &rng)
    for p in 0..<(50 * 21) {
      let x = Vector(Array(onSphere.features[(5 * p)..<(5 * p + 5)]))
      XCTAssertEqual(x.norm, 1, accuracy: 1e-12)
    }
    XCTAssertEqual(sphere.covarianceMatrix[0, 0], 0.2, accuracy: 1e-15)
    // k = 2.5 and d = 5 reproduce N(0, I) in law: E‖x‖² = 5, Var‖x‖² = 10.
    var (gamma, rng2) = try sampler(.isotropic, features: .gamma(shape: 2.5))
    XCTAssertEqual(gamma.covarianceMatrix[1, 1], 1, accuracy: 1e-12)
    let heavy = try gamma.sample(batch: 1000, rng: &rng2)
    let squaredNorms = (0..<21_000).map { p in (0..<5).reduce(0.0) { $0 + pow(heavy.features[5 * p + $1], 2) } }
    let moment = TestLoss(squaredErrors: squaredNorms)
    XCTAssertEqual(moment.mean, 5, accuracy: 4 * moment.standardError)
    XCTAssertEqual(moment.standardError * moment.standardError * 21_000, 10, accuracy: 1.5)
  }

  func testNoiseAndDeterminism() throws {
    var (s, rng) = try sampler(.code, noise: 0.5)
    var copy = rng
    let batch = try s.sample(batch: 2000, rng: &rng)
    XCTAssertEqual(try s.sample(batch: 2000, rng: &copy).features, batch.features)
    var residuals: [Double] = []
    for b in 0..<2000 {
      let w = Vector(Array(batch.tasks[(5 * b)..<(5 * b + 5)]))
      let x = Vector(Array(batch.features[(5 * (20 + 21 * b))..<(5 * (20 + 21 * b) + 5)]))
      residuals.append(pow(batch.targets[20 + 21 * b] - w.dot(x), 2))
    }
    let variance = TestLoss(squaredErrors: residuals)
    XCTAssertEqual(variance.mean, 0.25, accuracy: 4 * variance.standardError)
    XCTAssertEqual(s.zeroPredictorLoss, 5.25, accuracy: 1e-12)
  }

  func testRotatedModesNeedFiveDimensions() throws {
    var rng = CatalogueRandom(seed: 1)
    XCTAssertThrowsError(
      try RegressionPromptSampler(featureDimension: 3, contextLength: 20, covariance: .code, rng: &rng)
    ) {
      let error = $0 as? PluginError
      XCTAssertEqual(error?.code, .invalidArgument)
      XCTAssertTrue(error?.message.contains("d = 5") ?? false, error?.message ?? "")
    }
  }
}

private func pow(_ x: Double, _ k: Int) -> Double { k == 2 ? x * x : x }
