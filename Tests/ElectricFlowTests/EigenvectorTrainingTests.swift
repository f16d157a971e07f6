import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import ElectricFlow

/// Training on the eigenvector target: the ± loss's gradient and the whole backward pass with the learned Φ₀
/// against central differences, reproducibility, saved weights, bad input.
final class EigenvectorTrainingTests: XCTestCase {
  private func smallBatch(count: Int = 3) throws -> GraphBatch {
    try GraphProblemTests.batch(
      GraphProblems.csl, count: count, ["n": .int(6), "skips": .string("2")], centred: false)
  }

  /// The ± loss's gradient against central differences, for outputs aligned with +v and with −v (both branches).
  func testEigenvectorLossGradientMatchesCentralDifferences() throws {
    let n = 5
    var rng = CatalogueRandom(seed: 3)
    let vectors = try QR(Matrix(rows: n, cols: n, elements: rng.normals(n * n))).q.elements
    // Columns 1, 3 lean towards +v_j, columns 2, 4 towards −v_j, so both signs s are exercised.
    var output = rng.normals(n * n).map { 0.3 * $0 }
    for j in 1..<n { for a in 0..<n { output[a + j * n] += (j % 2 == 1 ? 1 : -1) * vectors[a + j * n] } }
    let columns = EigenvectorLoss.scoredColumns(nodes: n)
    var gradient = [Double](repeating: 0, count: n * n)
    func loss(_ x: [Double]) -> Double {
      x.withUnsafeBufferPointer { o in
        vectors.withUnsafeBufferPointer { EigenvectorLoss.graphLoss(o, $0, nodes: n, columns: columns) }
      }
    }
    let value = output.withUnsafeBufferPointer { o in
      vectors.withUnsafeBufferPointer { v in
        gradient.withUnsafeMutableBufferPointer {
          EigenvectorLoss.graphLossAndGradient(o, v, nodes: n, columns: columns, gradient: $0)
        }
      }
    }
    XCTAssertEqual(value, loss(output), accuracy: 1e-15)
    let h = 1e-6
    for i in 0..<(n * n) {
      var plus = output
      var minus = output
      plus[i] += h
      minus[i] -= h
      let numeric = (loss(plus) - loss(minus)) / (2 * h)
      XCTAssertEqual(gradient[i], numeric, accuracy: 1e-8, "entry \(i)")
    }
    // Column 0 (the constant eigenvector) is not scored: no gradient.
    XCTAssertEqual(gradient[0..<n].map(abs).max(), 0)
  }

  /// The backward pass through two layers, the per-column normalisation and the learned Φ₀ against central
  /// differences of the batch-mean ± loss: random probes over all weights and every entry of Φ₀.
  func testBackwardWithLearnedInitialMatchesCentralDifferences() throws {
    let batch = try smallBatch()
    let configuration = GraphTransformerConfiguration(
      layout: .eigenvectors, nodes: batch.nodes, edges: batch.edges, demands: batch.demandColumns, layers: 2,
      mask: .none, normalise: true, learnedInitial: true)
    var rng = CatalogueRandom(seed: 21)
    let model = try GraphTransformer(configuration: configuration, initialisation: .normal, std: 0.2, rng: &rng)
    XCTAssertEqual(model.weights.tensors.last?.name, "Phi0")
    let (losses, gradient) = model.eigenvectorLossAndGradient(batch)
    XCTAssertEqual(losses, model.eigenvectorLosses(batch))
    let theta = model.weights.flattened
    let analytic = gradient.flattened
    func loss(_ values: [Double]) throws -> Double {
      let m = try GraphTransformer(configuration: configuration, weights: model.weights.replacing(flattened: values))
      let losses = m.eigenvectorLosses(batch)
      return losses.reduce(0, +) / Double(losses.count)
    }
    let initialCount = batch.nodes * 2 * batch.demandColumns
    var probe = CatalogueRandom(seed: 22)
    let indices =
      (0..<40).map { _ in probe.index(below: theta.count - initialCount) }
      + Array((theta.count - initialCount)..<theta.count)
    let h = 1e-5
    var checked = 0
    for i in indices {
      var plus = theta
      var minus = theta
      plus[i] += h
      minus[i] -= h
      let numeric = (try loss(plus) - loss(minus)) / (2 * h)
      XCTAssertEqual(analytic[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "entry \(i)")
      if abs(numeric) > 1e-4 { checked += 1 }
    }
    XCTAssertGreaterThan(checked, 30, "the probes must hit entries that matter")
  }

  private let small: [String: ParameterValues.Value] = [
    "target": .string("eigenvectors"), "batch_size": .int(20), "eval_size": .int(30), "eval_every": .int(5),
    "resample_every": .int(3), "layers": .int(2), "steps": .int(20),
  ]

  private func train(seed: UInt64, _ overrides: [String: ParameterValues.Value] = [:]) throws -> RunRecord {
    try RecordingHost.run(
      TrainedTransformer.algorithm, on: GraphProblems.csl, seed: seed,
      parameters: small.merging(overrides) { $1 }, problemParameters: ["n": .int(6), "skips": .string("2")])
  }

  func testEigenvectorTrainingIsReproducibleUsesTheNotebookSettingsAndLearns() throws {
    let a = try train(seed: 4)
    let b = try train(seed: 4)
    let c = try train(seed: 5)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertEqual(a.artifacts["weights.txt"], b.artifacts["weights.txt"])
    XCTAssertNotEqual(a.rows, c.rows)
    XCTAssertEqual(a.columns, ["learning_rate", "train_loss", "ln_train_loss", "ln_eval_loss"])
    // The notebook's eigenvector schedule: 0.01/L, halved every 10% of the run (here every 2 of 20 steps).
    XCTAssertEqual(a.column("learning_rate")[0], 0.005, accuracy: 1e-15)
    XCTAssertEqual(a.column("learning_rate")[2], 0.0025, accuracy: 1e-15)
    XCTAssertEqual(a.results["setting_weight_decay"], 0.001)
    XCTAssertEqual(a.results["setting_beta2"], 0.999)
    XCTAssertEqual(a.results["setting_clip_norm"], 0.02)
    // Five scored columns of n = 6: the untrained loss of random directions is about 5·(2 − 2·E|cos|) ≈ 6.
    let initial = try XCTUnwrap(a.results["eigenvector_loss_initial"])
    XCTAssert((4...8).contains(initial), "\(initial)")
    XCTAssertEqual(a.column("ln_eval_loss")[0], log(initial), accuracy: 1e-12)
    let longer = try train(seed: 4, ["steps": .int(150), "learning_rate": .real(0.2)])
    XCTAssertLessThan(try XCTUnwrap(longer.results["eigenvector_loss_ratio"]), 0.95)
    for key in ["eigenvector_loss_subspace_l1", "eigenvector_loss_subspace", "eigenvector_loss_all_columns"] {
      XCTAssertNotNil(longer.results[key], key)
    }
    XCTAssertEqual(longer.results["eigenvector_loss_subspace_l2"], longer.results["eigenvector_loss_subspace"])
    // The per-column losses add up to the scored loss plus the constant column's.
    let columns = (1...6).map { longer.results["eigenvector_loss_column\($0)"] ?? .nan }
    XCTAssertEqual(
      columns.reduce(0, +), try XCTUnwrap(longer.results["eigenvector_loss_all_columns"]), accuracy: 1e-9)
    XCTAssertEqual(
      columns[1...].reduce(0, +), try XCTUnwrap(longer.results["eigenvector_loss"]), accuracy: 1e-9)
  }

  func testSavedEigenvectorWeightsReloadToTheSameLoss() throws {
    let trained = try train(seed: 3)
    let bytes = try XCTUnwrap(trained.artifacts["weights.txt"])
    let path = NSTemporaryDirectory() + "electric-flow-eigen-weights-\(getpid()).txt"
    let file = try XCTUnwrap(fopen(path, "wb"))
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    defer { unlink(path) }
    let evaluated = try train(seed: 3, ["weights": .string(path)])
    XCTAssertEqual(evaluated.results["eigenvector_loss"], trained.results["eigenvector_loss"])
    let archive = try GraphTransformerArchive.read(path: path)
    XCTAssert(archive.model.configuration.learnedInitial)
    XCTAssertEqual(archive.meta("target"), "eigenvectors")
    XCTAssertThrowsError(try train(seed: 3, ["weights": .string(path), "target": .string("electric")])) {
      XCTAssert("\($0)".contains("target=eigenvectors"), "\($0)")
    }
  }

  func testBadEigenvectorInputIsRefused() {
    XCTAssertThrowsError(try train(seed: 1, ["pb_zero": .string("freeze-b")])) {
      XCTAssert("\($0)".contains("pb_zero"), "\($0)")
    }
    XCTAssertThrowsError(try train(seed: 1, ["learning_rate": .real(-0.5)])) {
      XCTAssert("\($0)".contains("learning_rate"), "\($0)")
    }
  }
}
