import CatalogueHost
import XCTest

/// Known answers for the baselines plugin's algorithms, run through the real host on the real libBaselines.so:
/// exact identities between methods, textbook rates, and exactness of CG.
final class BaselinesAlgorithmTests: XCTestCase {
  private var registry: PluginRegistry!

  override func setUpWithError() throws {
    let bin = TestEnvironment.binFolder
    guard FileSystem.kind(of: FileSystem.join(bin, "libBaselines.so")) == .file else {
      throw XCTSkip("libBaselines.so is not built in \(bin): run 'swift build' first")
    }
    registry = PluginRegistry.load(
      from: PluginSearchPath(entries: [SearchPathEntry(path: bin, origin: .executableFolder)]))
  }

  private func run(
    _ algorithm: String, _ problem: String? = nil, _ parameters: [String] = [], seed: UInt64 = 1,
    maxIters: UInt64
  ) throws -> (RunRecorder, RunEnd) {
    let request = RunRequest(
      algorithm: "org.catalogue.baselines/\(algorithm)", problem: problem, parameters: parameters, seed: seed,
      maxIters: maxIters)
    let (plan, _) = try RunPlanner.plan(request, registry: registry)
    let recorder = RunRecorder()
    let end = try InProcessRunDriver().run(plan, sink: recorder)
    return (recorder, end)
  }

  private func column(_ recorder: RunRecorder, _ name: String) throws -> [Double] {
    let index = try XCTUnwrap(recorder.record.columns.firstIndex(of: name), "no column \(name)")
    return recorder.rows.map { $0.values[index] }
  }

  /// Hestenes–Stiefel CG is exact in at most n steps: on a 20-dimensional quadratic it stops by its residual test
  /// within 20 iterations, at the minimiser.
  func testConjugateGradientIsExactWithinNSteps() throws {
    let (recorder, end) = try run("cg", "quadratic", ["dim=20", "condition=10", "tolerance=1e-9"], maxIters: 100)
    XCTAssertEqual(end.termination, .converged, end.message)
    XCTAssertLessThanOrEqual(end.iterations, 20)
    let gap = try column(recorder, "f_gap")
    XCTAssertLessThan(gap.last!, 1e-15 * gap.first!)
    XCTAssertLessThan(try column(recorder, "dist_to_opt").last!, 1e-7)
    // One gradient per model (rebuilt every n = 20 steps), one Hessian-vector product per iteration.
    XCTAssertEqual(end.counters.gradient, 1 + UInt64(end.iterations) / 20)
    XCTAssertEqual(end.counters.hessianVector, UInt64(end.iterations))
  }

  /// GD with step 1/L on a quadratic with μ = 1/κ: f(xₖ) ≤ (1 − μ)²ᵏ f(x₀) and f decreases monotonically.
  func testGradientDescentContractsAtTheTextbookRate() throws {
    let (recorder, _) = try run("gd", "quadratic", ["dim=30", "condition=20"], maxIters: 200)
    let f = try column(recorder, "f")
    for k in 1..<f.count {
      XCTAssertLessThan(f[k], f[k - 1])
      XCTAssertLessThanOrEqual(f[k], pow(1 - 1.0 / 20, Double(2 * k)) * f[0] * (1 + 1e-12))
    }
    // One gradient per iteration, the value comes with it.
    XCTAssertEqual(recorder.rows.last!.counters.gradient, 201)
    XCTAssertEqual(recorder.rows.last!.counters.value, 0)
  }

  /// Momentum zero reduces heavy ball and constant-momentum Nesterov to GD, and ρ = 0 reduces SAM to GD:
  /// identical traces, value for value.
  func testMethodsReduceToGradientDescent() throws {
    let gd = try column(run("gd", "quadratic", ["step_size=0.7"], maxIters: 30).0, "f")
    let heavy = try column(run("heavy-ball", "quadratic", ["step_size=0.7", "momentum=0"], maxIters: 30).0, "f")
    let nesterov = try column(
      run("nesterov", "quadratic", ["step_size=0.7", "schedule=constant", "momentum=0"], maxIters: 30).0, "f")
    let sam = try column(run("sam", "quadratic", ["step_size=0.7", "rho=0"], maxIters: 30).0, "f")
    XCTAssertEqual(heavy, gd)
    XCTAssertEqual(nesterov, gd)
    XCTAssertEqual(sam, gd)
  }

  /// Nesterov's method beats GD by orders of magnitude at the same step on an ill-conditioned quadratic.
  func testNesterovIsFasterThanGradientDescent() throws {
    let gd = try column(run("gd", "quadratic", [], maxIters: 300).0, "f_gap").last!
    let nesterov = try column(run("nesterov", "quadratic", [], maxIters: 300).0, "f_gap").last!
    XCTAssertLessThan(nesterov, 1e-2 * gd)
  }

  /// Adam's first step from x₀ = 0 is −η g/(|g| + ε) coordinatewise (bias correction makes m̂ = g, v̂ = g²), so
  /// every coordinate of x₁ has magnitude η up to ε.
  func testAdamFirstStepIsTheSignStep() throws {
    let (recorder, _) = try run("adam", "logistic", ["learning_rate=0.01"], maxIters: 1)
    let x = try XCTUnwrap(recorder.record.vectors.first { $0.0 == "x" }?.1)
    XCTAssertEqual(x.count, 20)
    for xi in x { XCTAssertEqual(abs(xi), 0.01, accuracy: 1e-7) }
  }

  /// Adam (full batch) reaches the logistic optimum computed by the problem with Newton's method.
  func testAdamReachesTheLogisticOptimum() throws {
    let (recorder, _) = try run("adam", "logistic", [], maxIters: 500)
    XCTAssertLessThan(abs(try column(recorder, "f_gap").last!), 1e-8)
  }

  /// Riemannian GD on the Rayleigh quotient finds the smallest eigenvalue and stays on the sphere.
  func testRiemannianGradientDescentOnTheSphere() throws {
    let (recorder, _) = try run("gd", "rayleigh", ["step_size=0.05"], maxIters: 1000)
    XCTAssertEqual(try column(recorder, "f").last!, 1, accuracy: 1e-9)
    let x = try XCTUnwrap(recorder.record.vectors.first { $0.0 == "x" }?.1)
    XCTAssertEqual(x.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-12)
  }

  /// Stochastic variants draw from the run's generator: the same seed gives the same trace, another seed another,
  /// and each iteration costs batch_size per-sample gradients.
  func testMinibatchRunsAreReproducibleAndCountedPerSample() throws {
    let first = try run("sam", "logistic", ["batch_size=8"], seed: 5, maxIters: 25).0
    let second = try run("sam", "logistic", ["batch_size=8"], seed: 5, maxIters: 25).0
    let other = try run("sam", "logistic", ["batch_size=8"], seed: 6, maxIters: 25).0
    XCTAssertEqual(first.rows.map(\.values), second.rows.map(\.values))
    XCTAssertNotEqual(first.rows.map(\.values), other.rows.map(\.values))
    // SAM takes two minibatch gradients per step; the trace's own metrics are not counted.
    XCTAssertEqual(first.rows.last!.counters.sampleGradient, 2 * 8 * 25 + 8)
    XCTAssertEqual(first.rows.last!.counters.gradient, 0)
  }

  /// A minibatch on a problem that is not a finite sum is refused with a message naming the parameter.
  func testBatchSizeOnANonFiniteSumFails() throws {
    let (_, end) = try run("gd", "quadratic", ["batch_size=4"], maxIters: 5)
    XCTAssertEqual(end.termination, .failed)
    XCTAssertTrue(end.message.contains("batch_size"), end.message)
  }
}
