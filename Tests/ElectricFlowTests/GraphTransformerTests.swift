import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import ElectricFlow

/// The transformer: analytic gradient against central differences, the constructions against their closed forms,
/// reproducibility, saved weights, bad input.
final class GraphTransformerTests: XCTestCase {
  /// Small CSL graphs (n = 6, skip 2): d = 12, stack width 24.
  private func smallBatch(count: Int = 3, centred: Bool = false) throws -> GraphBatch {
    try GraphProblemTests.batch(
      GraphProblems.csl, count: count, ["n": .int(6), "skips": .string("2")], centred: centred)
  }

  private func checkGradient(layout: TokenLayout, mask: WeightMask, normalise: Bool, target: LaplacianTarget) throws {
    let batch = try smallBatch()
    let configuration = GraphTransformerConfiguration(
      layout: layout, nodes: batch.nodes, edges: batch.edges, demands: batch.demandColumns, layers: 2, mask: mask,
      normalise: normalise)
    var rng = CatalogueRandom(seed: 11)
    let model = try GraphTransformer(configuration: configuration, initialisation: .normal, std: 0.2, rng: &rng)
    let targets = batch.targets(target)
    let (_, gradient) = model.lossAndGradient(batch, targets: targets)
    let theta = model.weights.flattened
    let analytic = gradient.flattened
    func loss(_ values: [Double]) throws -> Double {
      let m = try GraphTransformer(configuration: configuration, weights: model.weights.replacing(flattened: values))
      let losses = m.losses(batch, targets: targets)
      return losses.reduce(0, +) / Double(losses.count)
    }
    var probe = CatalogueRandom(seed: 12)
    let h = 1e-5
    var checked = 0
    for _ in 0..<60 {
      let i = probe.index(below: theta.count)
      var plus = theta
      var minus = theta
      plus[i] += h
      minus[i] -= h
      let numeric = (try loss(plus) - loss(minus)) / (2 * h)
      XCTAssertEqual(
        analytic[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)),
        "\(layout) \(mask) normalise \(normalise): entry \(i)")
      if numeric != 0 { checked += 1 }
    }
    XCTAssertGreaterThan(checked, 10, "the probes must hit entries that matter")
  }

  func testBackwardMatchesCentralDifferencesStack() throws {
    try checkGradient(layout: .stack, mask: .none, normalise: true, target: .electric)
  }

  func testBackwardMatchesCentralDifferencesSingleBlockFrozenB() throws {
    try checkGradient(layout: .singleBlock, mask: .freezeB, normalise: true, target: .resistive)
  }

  func testBackwardMatchesCentralDifferencesSparseMaskWithoutNormalisation() throws {
    try checkGradient(layout: .stack, mask: .sparse, normalise: false, target: .heat(time: 0.5))
  }

  func testMasksZeroTheirGradients() throws {
    let batch = try smallBatch()
    for mask in [WeightMask.freezeB, .sparse] {
      let configuration = GraphTransformerConfiguration(
        layout: .stack, nodes: batch.nodes, edges: batch.edges, demands: batch.demandColumns, layers: 1, mask: mask,
        normalise: true)
      var rng = CatalogueRandom(seed: 1)
      let model = try GraphTransformer(configuration: configuration, initialisation: .normal, std: 0.2, rng: &rng)
      let (_, gradient) = model.lossAndGradient(batch, targets: batch.targets(.electric))
      let masks = try XCTUnwrap(mask.masks(layout: .stack, edges: batch.edges, demands: batch.demandColumns))
      for (tensor, m) in zip(gradient.tensors, [masks.p, masks.q, masks.k, masks.w]) {
        for (g, keep) in zip(tensor.values, m) where keep == 0 { XCTAssertEqual(g, 0) }
      }
    }
  }

  private func construct(_ parameters: [String: ParameterValues.Value]) throws -> RunRecord {
    try RecordingHost.run(
      ConstructedTransformer.algorithm, on: GraphProblems.csl, seed: 4,
      parameters: ["graphs": .int(40), "layers": .int(12)].merging(parameters) { $1 })
  }

  func testGradientDescentConstructionIsPlainGradientDescent() throws {
    let record = try construct(["construction": .string("gd")])
    XCTAssertEqual(record.rows.count, 12)
    XCTAssertLessThan(try XCTUnwrap(record.results["max_relative_difference"]), 1e-12)
    // The construction converges: the loss falls with depth, as GD's bound (1 − ηλ₂)^ℓ says.
    let losses = record.column("ln_loss")
    XCTAssertLessThan(losses.last!, losses.first! - 1)
    // Normalisation on: the direction is GD's on L/tr(L).
    let normalised = try construct(["construction": .string("gd"), "normalise": .bool(true)])
    XCTAssertLessThan(try XCTUnwrap(normalised.results["max_relative_difference"]), 1e-12)
  }

  func testSeriesAndSquaringConstructionsMatchTheirClosedForms() throws {
    for target in ["resistive", "heat"] {
      let record = try construct(["construction": .string("series"), "target": .string(target)])
      XCTAssertLessThan(try XCTUnwrap(record.results["max_relative_difference"]), 1e-12, target)
    }
    let squaring = try construct(["construction": .string("repeated-squaring"), "layers": .int(6)])
    XCTAssertLessThan(try XCTUnwrap(squaring.results["max_relative_difference"]), 1e-12)
    // K factors are GD with 2^K steps: the squaring loss at K equals the GD construction's at 2^K layers.
    let gd = try construct(["construction": .string("gd"), "layers": .int(8)])
    XCTAssertEqual(squaring.column("ln_loss")[2], gd.column("ln_loss")[7], accuracy: 1e-9)
  }

  func testSeriesCoefficientsSumToTheTarget() {
    // Σ c_ℓ (1 − ηλ)^ℓ → f(λ) for λ in (0, 2/η).
    let eta = 0.05
    for (target, lambda) in [(LaplacianTarget.resistive, 3.0), (.heat(time: 0.5), 7.0), (.electric, 12.0)] {
      let c = TransformerConstruction.seriesCoefficients(target, eta: eta, count: 400)
      let sum = c.enumerated().reduce(0) { $0 + $1.element * pow(1 - eta * lambda, Double($1.offset)) }
      XCTAssertEqual(sum, target.spectral(lambda), accuracy: 1e-9 * target.spectral(lambda))
    }
  }

  /// Small training settings: a run takes well under a second in debug.
  private let small: [String: ParameterValues.Value] = [
    "batch_size": .int(20), "eval_size": .int(30), "eval_every": .int(4), "resample_every": .int(3),
    "layers": .int(2), "steps": .int(12),
  ]

  private func train(seed: UInt64, _ overrides: [String: ParameterValues.Value] = [:]) throws -> RunRecord {
    try RecordingHost.run(
      TrainedTransformer.algorithm, on: GraphProblems.csl, seed: seed,
      parameters: small.merging(overrides) { $1 }, problemParameters: ["n": .int(6), "skips": .string("2")])
  }

  func testTrainingIsReproducibleAndLearns() throws {
    let a = try train(seed: 7)
    let b = try train(seed: 7)
    let c = try train(seed: 8)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertEqual(a.artifacts["weights.txt"], b.artifacts["weights.txt"])
    XCTAssertNotEqual(a.rows, c.rows)
    XCTAssertEqual(a.rows.count, 12)
    XCTAssertEqual(a.columns, ["learning_rate", "train_loss", "ln_train_loss", "ln_eval_loss"])
    // The lr halves every 20% of the 12 steps (every 2 steps after rounding 2.4), starting at 0.02/L.
    XCTAssertEqual(a.column("learning_rate")[0], 0.01, accuracy: 1e-15)
    XCTAssertEqual(a.column("learning_rate")[2], 0.005, accuracy: 1e-15)
    let longer = try train(seed: 7, ["steps": .int(150), "learning_rate": .real(0.1)])
    XCTAssertLessThan(try XCTUnwrap(longer.results["ln_loss"]), longer.column("ln_eval_loss")[0] - 0.3)
    for key in ["ln_loss_gd_best", "ln_loss_gd_per_graph", "ln_loss_repeated_squaring", "mean_lambda_max"] {
      XCTAssertNotNil(longer.results[key], key)
    }
    // The depth-L references are the last of the per-depth ones; one squaring factor is two GD steps.
    XCTAssertEqual(longer.results["ln_loss_gd_best_l2"], longer.results["ln_loss_gd_best"])
    XCTAssertEqual(longer.results["ln_loss_repeated_squaring_l1"], longer.results["ln_loss_gd_best_l2"])
  }

  func testSavedWeightsReloadToTheSameLoss() throws {
    let trained = try train(seed: 3)
    let bytes = try XCTUnwrap(trained.artifacts["weights.txt"])
    let path = NSTemporaryDirectory() + "electric-flow-weights-\(getpid()).txt"
    let file = try XCTUnwrap(fopen(path, "wb"))
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    defer { unlink(path) }
    let evaluated = try train(seed: 3, ["weights": .string(path)])
    XCTAssertEqual(evaluated.results["ln_loss"], trained.results["ln_loss"])
    let archive = try GraphTransformerArchive.read(path: path)
    XCTAssertEqual(archive.model.configuration.layers, 2)
    XCTAssertEqual(archive.meta("target"), "electric")
  }

  func testBadInputIsRefused() throws {
    XCTAssertThrowsError(try train(seed: 1, ["layout": .string("single-block"), "pb_zero": .string("sparse-mask")])) {
      XCTAssert("\($0)".contains("stack"), "\($0)")
    }
    XCTAssertThrowsError(
      try RecordingHost.run(
        ConstructedTransformer.algorithm, on: GraphProblems.csl,
        parameters: ["construction": .string("series"), "normalise": .bool(true)]))
  }

  func testAdamWDecaysThenSteps() {
    var parameters = ParameterSet([ParameterTensor(name: "x", rows: 1, cols: 2, values: [1, -2])])
    let gradient = ParameterSet([ParameterTensor(name: "x", rows: 1, cols: 2, values: [0.5, 0])])
    var optimizer = AdamW(beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1)
    optimizer.step(&parameters, gradient: gradient, learningRate: 0.01)
    // First Adam step moves by lr·sign(g) (bias-corrected m̂/√v̂ = g/|g|); decay first: θ(1 − lr·λ).
    XCTAssertEqual(parameters.tensors[0].values[0], 1 * (1 - 0.001) - 0.01, accuracy: 1e-9)
    XCTAssertEqual(parameters.tensors[0].values[1], -2 * (1 - 0.001), accuracy: 1e-15)
  }
}
