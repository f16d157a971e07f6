import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

@testable import FunctionalGD

/// The construction, the baselines against the spec's ln-MSE table, reproducibility and input errors.
final class FunctionalGDTests: XCTestCase {
  /// Proposition 3.1: the construction's prediction equals k steps of functional GD, and its label slots hold the
  /// residuals yᵢ − f_ℓ(xᵢ), to 1e-10.
  func testConstructionIsFunctionalGD() throws {
    let instance = try RecordingHost.makeInstance(GPPrompts.family, seed: 2, ["n": .int(8)])
    let sampler = try instance.regressionTasks()
    var rng = CatalogueRandom(seed: 3, stream: 2)
    let batch = try PromptBatch.draw(50, from: sampler, rng: &rng)
    let etas = [0.7, 1.9, 0.4]
    for h in [AttentionNonlinearity.linear, .relu, .exp] {
      let model = try KernelAttentionTransformer.functionalGradientDescent(
        configuration: KernelAttentionConfiguration(featureDimension: 5, contextLength: 8, layers: 3, nonlinearity: h),
        stepSizes: etas)
      let fgd = FunctionalGradientDescent(batch, kernel: h, scale: 1).predictions(etas)
      let predictions = try model.predictions(batch)
      for b in 0..<batch.count { XCTAssertEqual(predictions[b], fgd[2][b], accuracy: 1e-10, "\(h)") }
      XCTAssertGreaterThan(abs(predictions[0]), 1e-3)
      let states = try model.states(batch.prompts[0])
      let oneStep = FunctionalGradientDescent(batch.slice(0..<1), kernel: h, scale: 1).predictions(etas)
      XCTAssertEqual(-states[2][5, 8], oneStep[1][0], accuracy: 1e-10)
      // Context slot i after one layer: yᵢ − (η₁/n)·Σⱼ yⱼ·K(xⱼ, xᵢ).
      let z = batch.prompts[0]
      for i in 0..<8 {
        var f = 0.0
        for j in 0..<8 {
          f += z[5, j] * h((0..<5).reduce(0) { $0 + z[$1, j] * z[$1, i] })
        }
        XCTAssertEqual(states[1][5, i], z[5, i] - etas[0] / 8 * f, accuracy: 1e-10)
      }
    }
  }

  /// ReLU data, n = 6 (spec §5.2): Bayes −0.816, FGD-relu k = 1 −0.492, FGD-lin k = 1 −0.200; 4000 test prompts
  /// have a standard deviation of about 0.03, so ±0.12 is four of them.
  func testBaselinesMatchReferenceTable() throws {
    let problem: [String: ParameterValues.Value] = ["n": .int(6)]
    let bayes = try RecordingHost.run(
      Baselines.gpBayes, on: GPPrompts.family, seed: 1, parameters: ["test_size": .int(4000)],
      problemParameters: problem)
    XCTAssertEqual(bayes.results["ln_test_loss"]!, -0.816, accuracy: 0.12)
    XCTAssertEqual(bayes.results["ln_posterior_variance"]!, -0.816, accuracy: 0.06)
    for (h, reference) in [("relu", -0.492), ("linear", -0.200)] {
      let fgd = try RecordingHost.run(
        Baselines.fgd, on: GPPrompts.family, seed: 1,
        parameters: ["h": .string(h), "steps": .int(1), "test_size": .int(4000), "tune_size": .int(1000)],
        problemParameters: problem)
      XCTAssertEqual(fgd.results["ln_test_loss_l1"]!, reference, accuracy: 0.12, h)
      XCTAssertLessThan(bayes.results["test_loss"]!, fgd.results["test_loss_l1"]!)
    }
  }

  /// Same seed, same trace: two short training runs agree bit for bit; another seed differs.
  func testSameSeedSameTrace() throws {
    let parameters: [String: ParameterValues.Value] = [
      "batch_size": .int(40), "test_size": .int(60), "eval_every": .int(5), "layers": .int(2),
    ]
    let problem: [String: ParameterValues.Value] = ["n": .int(5)]
    let algorithm = KernelTransformerAlgorithm.algorithm
    let a = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 3, budget: 25, parameters: parameters, problemParameters: problem)
    let b = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 3, budget: 25, parameters: parameters, problemParameters: problem)
    let c = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 4, budget: 25, parameters: parameters, problemParameters: problem)
    XCTAssertEqual(a.rows.count, 25)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertNotEqual(a.rows, c.rows)
    XCTAssertLessThan(a.column("train_loss").suffix(5).reduce(0, +), a.column("train_loss").prefix(5).reduce(0, +))
  }

  /// A training run saves its model as weights.txt; a run of the same seed with `weights=` evaluates it on the same
  /// test prompts and reproduces the trained run's final test loss bit for bit, for a non-default h and flags; a file
  /// for another n is refused with the fix, and the archive round-trips every bit.
  func testSavedWeightsReproduceTheTestLoss() throws {
    let parameters: [String: ParameterValues.Value] = [
      "batch_size": .int(40), "test_size": .int(60), "eval_every": .int(7), "layers": .int(2),
      "h": .string("softmax"), "softmax_axis": .string("queries"), "heads": .int(2),
    ]
    let problem: [String: ParameterValues.Value] = ["n": .int(5)]
    let algorithm = KernelTransformerAlgorithm.algorithm
    let trained = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 3, budget: 12, parameters: parameters, problemParameters: problem)
    let bytes = try XCTUnwrap(trained.artifacts["weights.txt"])
    let text = String(decoding: bytes, as: UTF8.self)
    let archive = try KernelWeightsArchive.decode(text)
    XCTAssertEqual(archive.encoded(), text, "the archive round-trips every bit")
    XCTAssertEqual(archive.model.configuration.nonlinearity, .softmax)
    XCTAssertEqual(archive.model.configuration.softmaxAxis, .queries)
    XCTAssertEqual(archive.model.configuration.heads, 2)
    XCTAssertEqual(archive.meta("steps"), "11")

    let path = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/fgd-tests-\(getpid())-weights.txt"
    let file = try XCTUnwrap(fopen(path, "wb"))
    XCTAssertEqual(bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }, bytes.count)
    fclose(file)
    defer { unlink(path) }
    // The h parameter is left at its default: the file's configuration is the model's.
    let evaluated = try RecordingHost.run(
      algorithm, on: GPPrompts.family, seed: 3,
      parameters: ["test_size": .int(60), "weights": .string(path)], problemParameters: problem)
    XCTAssertEqual(evaluated.rows.count, 1)
    XCTAssertEqual(evaluated.columns, ["test_loss", "ln_test_loss"])
    XCTAssertEqual(evaluated.results["test_loss"], trained.results["test_loss"])
    XCTAssertEqual(evaluated.results["test_loss_l2"], trained.results["test_loss_l2"])
    XCTAssertEqual(evaluated.finish?.reason, .completed)
    XCTAssertThrowsError(
      try RecordingHost.run(
        algorithm, on: GPPrompts.family, seed: 3, parameters: ["test_size": .int(60), "weights": .string(path)],
        problemParameters: ["n": .int(6)])
    ) { error in XCTAssertTrue("\(error)".contains("pass the same -p d= and -p n="), "\(error)") }
    XCTAssertThrowsError(try KernelWeightsArchive.decode(String(decoding: bytes.dropLast(40), as: UTF8.self)))
  }

  /// The Bayes predictor needs the data kernel: on a problem that does not publish it, a one-line error says which
  /// parameter to pass; softmax is refused as an FGD kernel.
  func testBadInputs() throws {
    XCTAssertThrowsError(
      try RecordingHost.run(Baselines.gpBayes, on: RegressionPrompts.family, parameters: ["test_size": .int(10)])
    ) { error in XCTAssertTrue("\(error)".contains("-p kernel="), "\(error)") }
    XCTAssertThrowsError(
      try RecordingHost.run(Baselines.fgd, on: GPPrompts.family, parameters: ["h": .string("softmax")])
    ) { error in XCTAssertTrue("\(error)".contains("linear, relu or exp"), "\(error)") }
  }

  /// A gradient with an infinite or NaN entry leaves the weights and the optimiser's moments untouched and is
  /// counted; the next finite gradient then takes exactly the step a fresh optimiser would.
  func testNonFiniteGradientSkipsTheUpdate() throws {
    let model = try KernelAttentionTests.model(.exp)
    var options = TrainingOptions()
    options.clipping = .global(1)
    var trainer = KernelTrainer(model: model, options: options)
    var optimizer = options.makeOptimizer()
    let (_, gradient) = try model.lossAndGradient(try KernelAttentionTests.prompts(d: 3, n: 4, count: 5, seed: 11))
    for poison in [Double.infinity, -.infinity, .nan] {
      var bad = gradient.flattened
      bad[bad.count / 2] = poison
      XCTAssertFalse(trainer.update(with: gradient.replacing(flattened: bad), optimizer: &optimizer, step: 0))
      XCTAssertEqual(trainer.model.weights, model.weights, "a skipped step changed the weights (\(poison))")
    }
    XCTAssertEqual(trainer.skippedSteps, 3)
    XCTAssertTrue(trainer.update(with: gradient, optimizer: &optimizer, step: 0))
    var fresh = KernelTrainer(model: model, options: options)
    var freshOptimizer = options.makeOptimizer()
    XCTAssertTrue(fresh.update(with: gradient, optimizer: &freshOptimizer, step: 0))
    XCTAssertEqual(trainer.model.weights, fresh.model.weights, "the skipped steps left a trace in the optimiser")
    XCTAssertNotEqual(trainer.model.weights, model.weights)
    XCTAssertTrue(trainer.model.weights.flattened.allSatisfy(\.isFinite))
    XCTAssertEqual(fresh.skippedSteps, 0)
  }
}
