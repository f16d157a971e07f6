import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import FunctionalGD

/// The GP prompt problem: Gram matrices and K₊ against direct computation, the sampler's law, and reproducibility.
final class GPPromptTests: XCTestCase {
  static func points(d: Int, m: Int, seed: UInt64) -> Matrix {
    var rng = CatalogueRandom(seed: seed, stream: 3)
    var x = Matrix(rows: d, cols: m, elements: rng.normals(d * m))
    for j in 0..<m {
      let norm = (0..<d).reduce(0) { $0 + x[$1, j] * x[$1, j] }.squareRoot()
      for i in 0..<d { x[i, j] /= norm }
    }
    return x
  }

  func testGramMatchesDirectComputation() throws {
    let x = Self.points(d: 4, m: 7, seed: 1)
    for (h, f) in [
      (AttentionNonlinearity.linear, { (s: Double) in s }), (.relu, { max($0, 0) }), (.exp, { Glibc.exp($0 / 4) }),
    ] {
      let scale = h == .exp ? 0.25 : 1
      let gram = DataKernel.gram(x, h, scale: scale)
      for i in 0..<7 {
        for j in 0..<7 {
          let dot = (0..<4).reduce(0) { $0 + x[$1, i] * x[$1, j] }
          XCTAssertEqual(gram[i, j], f(dot), accuracy: 1e-14, "\(h) (\(i), \(j))")
          XCTAssertEqual(
            h.kernel((0..<4).map { x[$0, i] }, (0..<4).map { x[$0, j] }, scale: scale), f(dot), accuracy: 1e-14)
        }
      }
    }
  }

  /// K₊ has the eigenvectors of K and eigenvalues |λ|: so K₊ is PSD, K₊² = K², K₊ commutes with K, and K₊ ≠ K when
  /// K has a negative eigenvalue (which ReLU Gram matrices do).
  func testReluPositivePart() throws {
    let x = Self.points(d: 3, m: 9, seed: 2)
    let k = DataKernel.gram(x, .relu, scale: 1)
    XCTAssertLessThan(try SymmetricEigen.values(of: k).first!, -1e-3, "this ReLU Gram matrix is indefinite")
    let plus = try DataKernel.relu.jointCovariance(x, scale: 1, jitter: 0)
    XCTAssertGreaterThan(try SymmetricEigen.values(of: plus).first!, -1e-12)
    let squares = (Matrix.product(plus, plus), Matrix.product(k, k))
    let commutator = (Matrix.product(plus, k), Matrix.product(k, plus))
    for j in 0..<9 {
      for i in 0..<9 {
        XCTAssertEqual(squares.0[i, j], squares.1[i, j], accuracy: 1e-12)
        XCTAssertEqual(commutator.0[i, j], commutator.1[i, j], accuracy: 1e-12)
      }
    }
    XCTAssertGreaterThan(abs(plus[0, 0] - k[0, 0]) + abs(plus[0, 1] - k[0, 1]), 1e-3)
    let jittered = try DataKernel.linear.jointCovariance(x, scale: 1, jitter: 1e-3)
    let linear = DataKernel.gram(x, .linear, scale: 1)
    for j in 0..<9 {
      for i in 0..<9 { XCTAssertEqual(jittered[i, j], linear[i, j] + (i == j ? 1e-3 : 0), accuracy: 1e-15) }
    }
  }

  /// Covariates lie on the unit sphere, and E[y²] = K(x, x) = e for the exp kernel, 1 for the linear one (5 SEs).
  func testSamplerLaw() throws {
    for (kernel, variance) in [("linear", 1.0), ("exp", M_E)] {
      let instance = try RecordingHost.makeInstance(
        GPPrompts.family, seed: 4, ["kernel": .string(kernel), "n": .int(1), "d": .int(3)])
      let sampler = try instance.regressionTasks()
      var rng = CatalogueRandom(seed: 5, stream: 2)
      let batch = try sampler.sample(batch: 4000, rng: &rng)
      for j in 0..<(2 * 4000) {
        let norm = (0..<3).reduce(0) { $0 + batch.features[3 * j + $1] * batch.features[3 * j + $1] }
        XCTAssertEqual(norm, 1, accuracy: 1e-12)
      }
      let squares = batch.targets.map { $0 * $0 }
      let loss = TestLoss(squaredErrors: squares)
      XCTAssertEqual(loss.mean, variance, accuracy: 5 * loss.standardError, kernel)
      XCTAssertEqual(instance.reference("data_kernel"), DataKernel(rawValue: kernel)!.code)
    }
  }

  /// For a fixed pair of points the labels have covariance K₊(X) + jitter (checked by re-deriving y from the same
  /// draws: y = L·g with L the Cholesky factor of the joint covariance).
  func testLabelsAreCholeskyTimesNormals() throws {
    let instance = try RecordingHost.makeInstance(GPPrompts.family, seed: 1, ["n": .int(4)])
    let sampler = try instance.regressionTasks() as! GPPromptSampler
    var rng = CatalogueRandom(seed: 8, stream: 2)
    var replay = rng
    let batch = try sampler.sample(batch: 1, rng: &rng)
    var xi = Matrix(rows: 5, cols: 5, elements: replay.normals(25))
    for j in 0..<5 {
      let norm = (0..<5).reduce(0) { $0 + xi[$1, j] * xi[$1, j] }.squareRoot()
      for i in 0..<5 { xi[i, j] /= norm }
    }
    let g = replay.normals(5)
    let covariance = try DataKernel.relu.jointCovariance(xi, scale: 1, jitter: 1e-8)
    let l = try Cholesky(covariance).lower
    for i in 0..<5 {
      let y = (0..<5).reduce(0) { $0 + l[i, $1] * g[$1] }
      XCTAssertEqual(batch.targets[i], y, accuracy: 1e-13)
    }
  }

  func testPaperCovarianceNeedsFiveDimensions() {
    XCTAssertThrowsError(
      try RecordingHost.makeInstance(GPPrompts.family, ["covariance": .string("paper"), "d": .int(3)])
    ) { error in
      XCTAssertTrue("\(error)".contains("d = 5"), "\(error)")
    }
  }
}
