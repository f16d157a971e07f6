import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinearAttention

/// The tiny-block kernel (``PromptKernel`` on ``TinyBlocks``) against the batched BLAS kernel, a naive dense
/// forward pass written from the layer equations, and central finite differences.
final class PromptKernelTests: XCTestCase {
  private static let configurations: [TransformerConfiguration] = [
    TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 4, memory: .conjugate(learnStep: false)),
    TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 3, heads: 2),
    TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 3, blocks: .scalar),
    TransformerConfiguration(featureDimension: 3, contextLength: 5, layers: 2, heads: 2, parametrisation: .valueKey),
    TransformerConfiguration(featureDimension: 2, contextLength: 4, layers: 3, parametrisation: .unconstrained),
    TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 4, memory: .conjugate(learnStep: true)),
    TransformerConfiguration(
      featureDimension: 3, contextLength: 5, layers: 3, parametrisation: .valueKey, blocks: .scalar,
      memory: .conjugate(learnStep: false)),
    TransformerConfiguration(
      featureDimension: 2, contextLength: 4, layers: 3, memory: .lfom(indexing: .code, shape: .full)),
    TransformerConfiguration(
      featureDimension: 3, contextLength: 5, layers: 3, heads: 2, memory: .lfom(indexing: .paper, shape: .scalar)),
    TransformerConfiguration(
      featureDimension: 2, contextLength: 3, layers: 2, parametrisation: .unconstrained,
      memory: .lfom(indexing: .paper, shape: .full)),
  ]

  private func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = b.map(abs).max() ?? 0
    return zip(a, b).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
  }

  /// Outputs, loss and every gradient entry agree with the BLAS kernel to 1e-12 relative, for every
  /// parametrisation, memory, gate shape and head count.
  func testEqualsTheBatchedBLASKernel() throws {
    for c in Self.configurations {
      let batch = try Fixtures.prompts(7, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
      let model = try Fixtures.randomModel(c, scale: 0.25)
      var blas = TransformerWorkspace()
      var tiny = TransformerWorkspace(implementation: .tinyBlocks)
      let expected = try model.lossAndGradient(batch, workspace: &blas)
      let actual = try model.lossAndGradient(batch, workspace: &tiny)
      XCTAssertEqual(actual.loss, expected.loss, accuracy: 1e-12 * expected.loss, "\(c)")
      let error = relativeError(actual.gradient.flattened, expected.gradient.flattened)
      XCTAssertLessThan(error, 1e-12, "gradient, \(c)")
      XCTAssertGreaterThan(expected.gradient.flattened.map(abs).max()!, 1e-3, "gradient too small to compare, \(c)")
      let outputs = try model.outputs(batch, workspace: &tiny)
      XCTAssertLessThan(relativeError(outputs, try model.outputs(batch, workspace: &blas)), 1e-12, "outputs, \(c)")
    }
  }

  /// The residual streams from the layer equations with dense matrices, F_ℓ = (1/n)·Σ_h P_h·Z·M·Zᵀ·Q_h·Z, for the
  /// plain transformer, the CG memory and the code's LFOM gates.
  func testOutputsEqualANaiveDenseForwardPass() throws {
    let cases = [Self.configurations[0], Self.configurations[1], Self.configurations[4], Self.configurations[7]]
    for c in cases {
      let batch = try Fixtures.prompts(5, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
      let model = try Fixtures.randomModel(c, scale: 0.25)
      var tiny = TransformerWorkspace(implementation: .tinyBlocks)
      let actual = try model.outputs(batch, workspace: &tiny)
      let (d, n) = (c.featureDimension, c.contextLength)
      var mask = Matrix.identity(n + 1)
      mask[n, n] = 0
      let (gamma, alpha) = model.memoryCoefficients
      var expected: [Double] = []
      for prompt in batch.prompts {
        var z = prompt
        var f: [Matrix] = []
        var r = Matrix(rows: d + 1, cols: n + 1)
        for l in 0..<c.layers {
          var fl = Matrix(rows: d + 1, cols: n + 1)
          for h in 0..<c.heads {
            let (p, q) = model.attentionMatrices(layer: l, head: h)
            fl += (1 / Double(n)) * (p * z * mask * z.transposed() * q * z)
          }
          f.append(fl)
          switch c.memory {
          case .none:
            z += fl
          case .conjugate:
            r = fl + gamma[l] * r
            z += alpha[l] * r
          case .lfom:
            z += fl
            for j in 0..<l {
              let gate = model.weights["gate.\(j)"]!
              z += Matrix(rows: d + 1, cols: n + 1) { i, t in gate.values[i + t * (d + 1)] * f[j][i, t] }
            }
          }
        }
        expected.append(z[d, n])
      }
      XCTAssertLessThan(relativeError(actual, expected), 1e-12, "\(c)")
    }
  }

  /// The tiny-block gradient against central differences of the tiny-block loss, coordinate by coordinate.
  func testGradientMatchesCentralDifferences() throws {
    for c in [Self.configurations[0], Self.configurations[3], Self.configurations[5], Self.configurations[9]] {
      let batch = try Fixtures.prompts(3, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
      let model = try Fixtures.randomModel(c, scale: 0.25)
      var tiny = TransformerWorkspace(implementation: .tinyBlocks)
      func loss(_ theta: [Double]) throws -> Double {
        var probe = model
        probe.weights = model.weights.replacing(flattened: theta)
        let outputs = try probe.outputs(batch, workspace: &tiny)
        return zip(outputs, batch.queryTargets).map { ($0 + $1) * ($0 + $1) }.reduce(0, +) / Double(batch.count)
      }
      let analytic = try model.lossAndGradient(batch, workspace: &tiny).gradient.flattened
      let theta = model.weights.flattened
      let h = 1e-5
      var numeric = [Double](repeating: 0, count: theta.count)
      for i in theta.indices {
        var shifted = theta
        shifted[i] += h
        let plus = try loss(shifted)
        shifted[i] = theta[i] - h
        numeric[i] = (plus - (try loss(shifted))) / (2 * h)
      }
      XCTAssertGreaterThan(numeric.map(abs).max()!, 1e-3, "gradient too small to test, \(c)")
      XCTAssertLessThan(relativeError(analytic, numeric), 1e-6, "\(c)")
    }
  }

  /// A workspace reused across models of other shapes gives the same bytes as a fresh one: nothing stale is read.
  func testReusedWorkspaceGivesIdenticalBytes() throws {
    let batch = try Fixtures.prompts(6)
    let model = try Fixtures.randomModel(Self.configurations[0], scale: 0.25)
    var fresh = TransformerWorkspace(implementation: .tinyBlocks)
    let expected = try model.lossAndGradient(batch, workspace: &fresh)
    var reused = TransformerWorkspace(implementation: .tinyBlocks)
    for c in Self.configurations.reversed() {
      let other = try Fixtures.prompts(4, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
      _ = try Fixtures.randomModel(c).lossAndGradient(other, workspace: &reused)
    }
    let actual = try model.lossAndGradient(batch, workspace: &reused)
    XCTAssertEqual(actual.loss.bitPattern, expected.loss.bitPattern)
    XCTAssertEqual(actual.gradient.flattened.map(\.bitPattern), expected.gradient.flattened.map(\.bitPattern))
  }

  /// Each tiny-block loop against the plain scalar loop, for lengths with and without a tail beyond the SIMD chunks.
  func testLoopsEqualPlainLoops() {
    var rng = CatalogueRandom(seed: 3)
    for count in [1, 3, 4, 5, 8, 20, 21, 24] {
      let x = rng.normals(count + 2)
      let y = rng.normals(count + 2)
      let a = rng.normal()
      var out = y
      let expectedDot = (0..<count).reduce(0.0) { $0 + x[$1] * y[$1] }
      XCTAssertEqual(TinyBlocks.dot(x, y, count), expectedDot, accuracy: 1e-14 * Double(count))
      TinyBlocks.axpy(a, x, &out, count)
      XCTAssertEqual(out, (0..<(count + 2)).map { $0 < count ? y[$0] + a * x[$0] : y[$0] })
      out = y
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
          TinyBlocks.sum(xp.baseAddress!, a, yp.baseAddress!, into: &out, count)
        }
      }
      XCTAssertEqual(out, (0..<(count + 2)).map { $0 < count ? x[$0] + a * y[$0] : y[$0] })
      out = y
      TinyBlocks.addHadamard(x, x, &out, count)
      XCTAssertEqual(out, (0..<(count + 2)).map { $0 < count ? y[$0] + x[$0] * x[$0] : y[$0] })
      TinyBlocks.scaledCopy(a, x, &out, count)
      XCTAssertEqual(Array(out[..<count]), x[..<count].map { a * $0 })
      TinyBlocks.zero(&out, count)
      XCTAssertEqual(Array(out[..<count]), [Double](repeating: 0, count: count))
      XCTAssertEqual(Array(out[count...]), Array(y[count...]), "entries past count are left alone")
    }
  }

  /// Training with the tiny-block kernel: the same seed gives the same trace byte for byte, and the trace follows
  /// the BLAS kernel's to rounding.
  func testTrainerSameSeedSameTraceAndCloseToBLAS() throws {
    func train(_ implementation: PassImplementation) throws -> [[Double]] {
      var problemRng = CatalogueRandom(seed: 4, stream: CatalogueRandom.problemStream)
      let sampler = try RegressionPromptSampler(featureDimension: 5, contextLength: 20, rng: &problemRng)
      // The budget counts rows: iterations 0...5.
      let record = try RecordingHost.record(
        on: RecordingHost.makeInstance(RegressionPrompts.family, seed: 4), seed: 4, budget: 6
      ) { run in
        let testSet = try PromptBatch.draw(50, from: sampler, rng: &run.rng)
        let c = TransformerConfiguration(
          featureDimension: 5, contextLength: 20, layers: 3, memory: .conjugate(learnStep: false))
        let model = try LinearTransformer(configuration: c, initStd: 0.1, rng: &run.rng)
        var options = TrainingOptions()
        options.batchSize = 40
        options.testSize = 50
        options.evalEvery = 2
        var trainer = LockstepTrainer(models: [model], labels: ["l3"], options: options)
        trainer.implementation = implementation
        try trainer.train(run: run, sampler: sampler, testSet: testSet)
      }
      return record.rows.map(\.values)
    }
    let first = try train(.tinyBlocks)
    let second = try train(.tinyBlocks)
    XCTAssertEqual(first.flatMap { $0.map(\.bitPattern) }, second.flatMap { $0.map(\.bitPattern) })
    XCTAssertLessThan(relativeError(first.flatMap { $0 }, try train(.batchedBLAS).flatMap { $0 }), 1e-9)
  }
}
