import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import FlatMinima

/// RS and SA through their host-free engine: the projection, the drift each perturbation averages to, the gate,
/// the output and finishing phases, and reproducibility.
final class AlgorithmTests: XCTestCase {
  private let hyperbola = SquaredLoss(model: Hyperbola(start: [4, 0.25]), name: "hyperbola")

  /// Runs the engine and collects every observed iterate.
  private func collect(
    _ f: any ObjectiveFunction, _ rule: Perturbation, _ settings: FlatSettings, seed: UInt64
  ) throws -> (iterates: [FlatSearch.Iterate], outcome: FlatSearch.Outcome) {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
    var iterates: [FlatSearch.Iterate] = []
    let outcome = try FlatSearch(function: f, rule: rule, settings: settings).run(rng: &rng) {
      iterates.append($0)
      return true
    }
    return (iterates, outcome)
  }

  func testPerturbationIsOrthogonalToTheGradient() throws {
    let diagonal = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self)
    let network = try TestSupport.loss(TwoLayerNetwork.family, as: TwoLayerNetwork.self)
    var rng = CatalogueRandom(seed: 3)
    let problems: [any ObjectiveFunction] = [hyperbola, diagonal, network]
    for f in problems {
      let start = try f.initialPoint()
      for trial in 0..<5 {
        let x = ArrayMath.axpy(start, 1e-3, TestSupport.normals(f.dimension, seed: UInt64(trial + 20)))
        let g = try f.gradient(x).gradient
        for rule in [Perturbation.randomlySmoothed, .sharpnessAware(batchSize: 1, fallbackRadius: 1e-6)] {
          let v = try rule.vector(f, at: x, gradient: g, rho: 0.1, rng: &rng)
          XCTAssertGreaterThan(ArrayMath.norm(v), 0)
          XCTAssertLessThan(abs(ArrayMath.dot(v, g)), 1e-12 * ArrayMath.norm(v) * ArrayMath.norm(g))
        }
      }
    }
  }

  /// Records every gradient call of the objective it wraps.
  private final class CallLog: @unchecked Sendable {
    var calls: [(point: [Double], samples: [Int]?)] = []
  }

  private struct Spy: ObjectiveFunction {
    let inner: any ObjectiveFunction
    let log: CallLog
    var dimension: Int { inner.dimension }
    var sampleCount: Int { inner.sampleCount }
    func initialPoint() throws -> [Double] { try inner.initialPoint() }
    func value(_ x: [Double], samples: [Int]?) throws -> Double { try inner.value(x, samples: samples) }
    func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
      log.calls.append((x, samples))
      return try inner.gradient(x, samples: samples)
    }
  }

  func testSharpnessAwareUsesOneSampleItsDirectionAndARandomSign() throws {
    // Spec §3.3 and §6 mistake 3: the same example for the direction and the perturbed gradient, the direction
    // ∇fᵢ(x)/‖∇fᵢ(x)‖, and a sign σ = ±1 with probability ½ each.
    let diagonal = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self)
    let log = CallLog()
    let f = Spy(inner: diagonal, log: log)
    let x = ArrayMath.axpy(try f.initialPoint(), 1e-3, TestSupport.normals(80, seed: 30))
    let g = try diagonal.gradient(x).gradient
    var rng = CatalogueRandom(seed: 9)
    var plus = 0
    let draws = 400
    for _ in 0..<draws {
      log.calls.removeAll()
      _ = try Perturbation.sharpnessAware(batchSize: 1, fallbackRadius: 1e-6)
        .vector(f, at: x, gradient: g, rho: 0.1, rng: &rng)
      XCTAssertEqual(log.calls.count, 2)
      let (first, second) = (log.calls[0], log.calls[1])
      XCTAssertEqual(first.point, x)
      let sample = try XCTUnwrap(first.samples)
      XCTAssertEqual(sample.count, 1)
      XCTAssertEqual(second.samples, sample)
      let u = try diagonal.gradient(x, samples: sample).gradient
      let offset = ArrayMath.subtract(second.point, x)
      XCTAssertEqual(ArrayMath.norm(offset), 0.1, accuracy: 1e-12)
      let cosine = ArrayMath.dot(offset, u) / (0.1 * ArrayMath.norm(u))
      XCTAssertEqual(abs(cosine), 1, accuracy: 1e-12)
      if cosine > 0 { plus += 1 }
    }
    // Binomial(400, ½): standard deviation 10.
    XCTAssertEqual(Double(plus), 200, accuracy: 40)
  }

  func testSharpnessAwareDriftIsHalfRhoSquaredTimesProjectedTraceGradient() throws {
    // One example: the only randomness is σ, so E[v] is the average over σ = ±1, exactly. Near X* it is
    // (ρ²/2)·Proj⊥∇ tr∇²f + O(ρ⁴) + O(r) (spec §3.3), with tr∇²f = a² + b², ∇ = 2(a, b).
    let x = [2.0, 0.5 + 1e-9]
    let g = try hyperbola.gradient(x).gradient
    let rho = 1e-3
    var sum = [0.0, 0.0]
    var signs: Set<Double> = []
    var rng = CatalogueRandom(seed: 1)
    while signs.count < 2 {
      var probe = rng
      let sigma = probe.sign()
      let v = try Perturbation.sharpnessAware(batchSize: 1, fallbackRadius: 1e-6)
        .vector(hyperbola, at: x, gradient: g, rho: rho, rng: &rng)
      if signs.insert(sigma).inserted { sum = ArrayMath.axpy(sum, 0.5, v) }
    }
    let expected = ArrayMath.scale(rho * rho / 2, ArrayMath.rejection([4, 1], from: g))
    XCTAssertLessThan(ArrayMath.distance(sum, expected), 1e-3 * ArrayMath.norm(expected))
  }

  func testRandomlySmoothedDriftIsHalfRhoSquaredTimesProjectedNormalisedTraceGradient() throws {
    // RS: E[v] ≈ (ρ²/2)·Proj⊥∇tr̄ with tr̄ = (a² + b²)/2, ∇tr̄ = (a, b): half of SA's drift at d = 2. A Monte Carlo
    // mean over the uniform direction, checked within 4 standard errors.
    let x = [2.0, 0.5 + 1e-9]
    let g = try hyperbola.gradient(x).gradient
    let rho = 0.05
    let tangent = [2.0, -0.5].map { $0 / (4.25).squareRoot() }
    var rng = CatalogueRandom(seed: 2)
    let draws = 20_000
    var values: [Double] = []
    for _ in 0..<draws {
      let v = try Perturbation.randomlySmoothed.vector(hyperbola, at: x, gradient: g, rho: rho, rng: &rng)
      values.append(ArrayMath.dot(v, tangent))
    }
    let mean = values.reduce(0, +) / Double(draws)
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)).squareRoot()
    let expected = rho * rho / 2 * ArrayMath.dot([2, 0.5], tangent)
    XCTAssertLessThan(abs(mean - expected), 4 * sd / Double(draws).squareRoot() + 1e-3 * abs(expected))
    XCTAssertGreaterThan(expected, 8 * sd / Double(draws).squareRoot())
  }

  func testSharpnessAwareFallbackAtAnExactMinimumUsesTheOutputGradientDirection() throws {
    // At (4, 0.25), ∇f₁ = 0 exactly; Remark 2 takes the direction of ∇f₁(x + ξ) ∝ ∇p = (b, a) up to O(‖ξ‖), so
    // with ∇f(x) = 0 (no projection) v is ∇f(x ± ρ∇p/‖∇p‖) for one of the two signs.
    let x = [4.0, 0.25]
    let normal = [0.25, 4.0].map { $0 / (16.0625).squareRoot() }
    let candidates = try [1.0, -1.0].map { try hyperbola.gradient(ArrayMath.axpy(x, 0.1 * $0, normal)).gradient }
    var rng = CatalogueRandom(seed: 4)
    for _ in 0..<4 {
      let v = try Perturbation.sharpnessAware(batchSize: 1, fallbackRadius: 1e-6)
        .vector(hyperbola, at: x, gradient: [0, 0], rho: 0.1, rng: &rng)
      let error = candidates.map { ArrayMath.distance(v, $0) }.min()!
      XCTAssertLessThan(error, 1e-5 * ArrayMath.norm(v))
      XCTAssertGreaterThan(ArrayMath.norm(v), 0.1)
    }
  }

  func testBatchesAreDistinctAndUniform() {
    var rng = CatalogueRandom(seed: 8)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<5000 {
      let batch = Perturbation.batch(size: 3, of: 10, rng: &rng)!
      XCTAssertEqual(Set(batch).count, 3)
      for i in batch { counts[i] += 1 }
    }
    // 1500 expected per index, binomial standard deviation ≈ 32.
    for count in counts { XCTAssertEqual(Double(count), 1500, accuracy: 160) }
    XCTAssertNil(Perturbation.batch(size: 0, of: 10, rng: &rng))
    XCTAssertNil(Perturbation.batch(size: 10, of: 10, rng: &rng))
  }

  func testClosedGateAndZeroRadiusAreExactGradientDescent() throws {
    let x0 = try hyperbola.initialPoint()
    let start = ArrayMath.axpy(x0, 1, [0.3, 0.1])
    let f = SquaredLoss(model: Hyperbola(start: start), name: "hyperbola")
    // Gate 0: every step is GD with η′.
    let closed = try collect(
      f, .randomlySmoothed, FlatSettings(stepSize: 0.5, gdStepSize: 1e-3, rho: 0.1, gate: 0, steps: 5), seed: 1)
    var x = start
    for iterate in closed.iterates.prefix(5) {
      XCTAssertEqual(iterate.point, x)
      XCTAssertFalse(iterate.perturbed)
      x = ArrayMath.axpy(x, -1e-3, try f.gradient(x).gradient)
    }
    // ρ = 0 and the gate open: v = Proj⊥∇f(x) ∇f(x) = 0, so GD with η.
    let open = try collect(
      f, .sharpnessAware(batchSize: 1, fallbackRadius: 1e-6),
      FlatSettings(stepSize: 1e-3, gdStepSize: 0.5, rho: 0, gate: 1e9, steps: 5), seed: 1)
    x = start
    for iterate in open.iterates.prefix(5) {
      XCTAssertEqual(iterate.point[0], x[0], accuracy: 1e-15)
      XCTAssertEqual(iterate.point[1], x[1], accuracy: 1e-15)
      XCTAssertTrue(iterate.perturbed)
      x = ArrayMath.axpy(x, -1e-3, try f.gradient(x).gradient)
    }
  }

  func testSameSeedSameTraceAndOutputs() throws {
    let f = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self)
    let settings = FlatSettings(
      stepSize: 1e-3, gdStepSize: 0.02, rho: 0.2, gate: 1, steps: 60, output: .random, finalDescent: true,
      finalSteps: 10)
    for rule in [Perturbation.randomlySmoothed, .sharpnessAware(batchSize: 1, fallbackRadius: 1e-6)] {
      let a = try collect(f, rule, settings, seed: 5)
      let b = try collect(f, rule, settings, seed: 5)
      let c = try collect(f, rule, settings, seed: 6)
      XCTAssertEqual(a.iterates.map(\.point), b.iterates.map(\.point))
      XCTAssertEqual(a.iterates.map(\.value), b.iterates.map(\.value))
      XCTAssertEqual(a.outcome.point, b.outcome.point)
      XCTAssertEqual(a.outcome.random, b.outcome.random)
      XCTAssertNotEqual(a.iterates.last?.point, c.iterates.last?.point)
      XCTAssertEqual(a.iterates.count, 60 + 11)
      // The random output is a main-phase iterate x₁ … x_T, and the finishing phase starts from it.
      let mainPoints = a.iterates.filter { $0.phase == 0 }.map(\.point).dropFirst() + [a.outcome.last]
      XCTAssertTrue(mainPoints.contains(a.outcome.random))
      XCTAssertEqual(a.iterates.first { $0.phase == 1 }?.point, a.outcome.random)
    }
  }

  func testRandomOutputIsUniformOverTheMainPhase() throws {
    // With T = 4, the reservoir picks each of x₁ … x₄ with probability 1/4.
    let settings = FlatSettings(stepSize: 1e-2, gdStepSize: 1e-2, rho: 0.1, gate: 1e9, steps: 4, output: .random)
    var counts = [Int](repeating: 0, count: 4)
    for seed in 0..<800 {
      let run = try collect(hyperbola, .randomlySmoothed, settings, seed: UInt64(seed))
      let points = run.iterates.map(\.point)
      let index = try XCTUnwrap(points[1...].firstIndex(of: run.outcome.random))
      counts[index - 1] += 1
    }
    for count in counts { XCTAssertEqual(Double(count), 200, accuracy: 50) }
  }

  func testHyperbolaEscapeAndFinishingPhase() throws {
    // A short, aggressive run: SA drifts from (4, 0.25) along ab = 1 and lowers tr̄, GD from the same start does
    // not move, and the finishing phase ends on X* at its tolerance.
    let settings = FlatSettings(
      stepSize: 0.01, gdStepSize: 0.01, rho: 0.3, gate: 1e-3, steps: 3000, finalDescent: true, finalSteps: 20_000)
    let sa = try collect(hyperbola, .sharpnessAware(batchSize: 1, fallbackRadius: 1e-6), settings, seed: 1)
    XCTAssertEqual(sa.outcome.ending, .converged)
    let end = sa.outcome.point
    XCTAssertLessThan(try hyperbola.gradient(end).gradient.map(abs).max()!, 1e-10)
    XCTAssertLessThan(hyperbola.hessianTrace(end) / 2, 2)
    XCTAssertLessThan(end[0], 2)
    // GD (ρ = 0) started off X* at (4, 0.26) (ab = 1.04, ∇f ≠ 0) does move: it lands on X* at the gradient-flow
    // limit Φ (a² − b² conserved), still sharp (tr̄ ≈ 8.03), where SA from the same start drifts to tr̄ < 2.
    let offStart = SquaredLoss(model: Hyperbola(start: [4, 0.26]), name: "hyperbola")
    let gd = try collect(
      offStart, .randomlySmoothed, FlatSettings(stepSize: 0.01, gdStepSize: 0.01, rho: 0, gate: 0, steps: 3000),
      seed: 1)
    let limit = try XCTUnwrap(Hyperbola(start: [4, 0.26]).flowLimit([4, 0.26]))
    XCTAssertGreaterThan(ArrayMath.distance(gd.outcome.point, [4, 0.26]), 1e-3)
    XCTAssertLessThan(ArrayMath.distance(gd.outcome.point, limit), 1e-3)
    XCTAssertEqual(gd.outcome.point[0] * gd.outcome.point[1], 1, accuracy: 1e-9)
    XCTAssertEqual(offStart.hessianTrace(gd.outcome.point) / 2, 8.03, accuracy: 0.02)
    let saOff = try collect(offStart, .sharpnessAware(batchSize: 1, fallbackRadius: 1e-6), settings, seed: 1)
    XCTAssertLessThan(offStart.hessianTrace(saOff.outcome.point) / 2, 2)
  }
}
