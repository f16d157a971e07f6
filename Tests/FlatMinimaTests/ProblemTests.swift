import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import FlatMinima

/// The problems: gradients against finite differences, per-sample oracles against the full one, closed-form traces
/// against the paper's numbers and against finite-difference Hessians, and starts exactly on X*.
final class ProblemTests: XCTestCase {
  func testHyperbolaGradientTraceAndStart() throws {
    let problem = try TestSupport.instance(Hyperbola.family)
    let f = try XCTUnwrap(try problem.objective() as? SquaredLoss<Hyperbola>)
    XCTAssertEqual(try f.initialPoint(), [4, 0.25])
    XCTAssertEqual(try f.value([4, 0.25]), 0)
    XCTAssertEqual(f.sampleCount, 1)
    // f = ½(ab − 1)²: at (2, 3), r = 5, ∇f = r(b, a) = (15, 10).
    let (value, g) = try f.gradient([2, 3])
    XCTAssertEqual(value, 12.5)
    XCTAssertEqual(g, [15, 10])
    try assertGradientMatchesFiniteDifferences(f, at: [0.7, -1.3])
    try assertGradientMatchesFiniteDifferences(f, at: [0.7, -1.3], samples: [0])
    // Spec §5: tr̄ = (a² + b²)/2 = 8.03125 at the start, 1 at (1, 1); the trace is a² + b² everywhere.
    XCTAssertEqual(f.hessianTrace([4, 0.25]) / 2, 8.03125, accuracy: 1e-15)
    XCTAssertEqual(f.hessianTrace([1, 1]) / 2, 1, accuracy: 1e-15)
    XCTAssertEqual(f.hessianTrace([2, 3]), 13, accuracy: 1e-14)
    let metrics = try XCTUnwrap(try problem.metrics?([4, 0.25]))
    XCTAssertEqual(problem.metricNames, ["trace_norm", "flat_residual", "dist_min_set", "dist_flat"])
    XCTAssertEqual(metrics[0], 8.03125, accuracy: 1e-15)
    // Residual |a² − b²|/‖(a, −b)‖ (spec §4.1) at a point of X*.
    XCTAssertEqual(metrics[1], (16 - 0.0625) / (16 + 0.0625).squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(metrics[2], 0, accuracy: 1e-15)
    XCTAssertEqual(metrics[3], (9 + 0.5625).squareRoot(), accuracy: 1e-15)
  }

  func testScalarChainGradientTraceAndStart() throws {
    let f = try TestSupport.loss(ScalarChain.family, as: ScalarChain.self, ["depth": .int(5)])
    XCTAssertEqual(try f.initialPoint(), [2, 2, 1, 0.5, 0.5])
    XCTAssertEqual(try f.value(try f.initialPoint()), 0)
    try assertGradientMatchesFiniteDifferences(f, at: [1.1, -0.8, 0.9, 1.3, 0.7])
    try assertGradientMatchesFiniteDifferences(f, at: [1.1, -0.8, 0.9, 1.3, 0.7], samples: [0, 0])
    // The spec's start (4, 4, 1/16): leave-one-out products (1/4, 1/4, 16), tr̄ = (1/16 + 1/16 + 256)/3.
    let spec = SquaredLoss(model: ScalarChain(start: [4, 4, 1.0 / 16]), name: "chain")
    XCTAssertEqual(spec.hessianTrace([4, 4, 1.0 / 16]) / 3, 256.125 / 3, accuracy: 1e-12)
    // On X*: tr̄ = (1/L) Σ 1/wⱼ², = 1 at the flat minimum |wⱼ| = 1.
    let start = try f.initialPoint()
    XCTAssertEqual(f.hessianTrace(start) / 5, (0.25 + 0.25 + 1 + 4 + 4) / 5, accuracy: 1e-14)
    XCTAssertEqual(f.hessianTrace([1, -1, 1, -1, 1]) / 5, 1, accuracy: 1e-15)
    // Off X* the multilinear output has tr∇²p = 0: the trace is Σ (∏_{k≠j} wₖ)², checked against a full
    // finite-difference Hessian.
    let x = [1.1, -0.8, 0.9, 1.3, 0.7]
    let hessian = try TestSupport.finiteDifferenceHessian(f, at: x)
    XCTAssertEqual(f.hessianTrace(x), (0..<5).reduce(0) { $0 + hessian[$1][$1] }, accuracy: 1e-7)
    for j in 0..<5 {
      let v = (0..<5).map { $0 == j ? 1.0 : 0.0 }
      let exact = f.model.outputHessianVector(x, sample: 0, v)
      var others = x
      others.remove(at: j)
      // Column j of ∇²p: ∂²p/∂wᵢ∂wⱼ = ∏_{l≠i,j} w_l, zero on the diagonal.
      for i in 0..<5 {
        let expected = i == j ? 0 : x.enumerated().filter { $0.offset != i && $0.offset != j }.reduce(1) { $0 * $1.1 }
        XCTAssertEqual(exact[i], expected, accuracy: 1e-14)
      }
    }
  }

  func testDiagonalNetworkStartsOnMinimumSetWithSpecTrace() throws {
    let problem = try TestSupport.instance(DiagonalNetwork.family)
    let f = try XCTUnwrap(try problem.objective() as? SquaredLoss<DiagonalNetwork>)
    let model = f.model
    XCTAssertEqual(f.dimension, 80)
    XCTAssertEqual(f.sampleCount, 20)
    let start = try f.initialPoint()
    XCTAssertLessThan(try f.value(start), 1e-26)
    // Spec §4.3: on X*, tr∇²f = (4/n) Σᵢ Σⱼ aᵢⱼ²(uⱼ² + vⱼ²).
    var formula = 0.0
    for i in 0..<20 {
      for j in 0..<40 {
        let a = model.features[i * 40 + j]
        formula += a * a * (start[j] * start[j] + start[40 + j] * start[40 + j])
      }
    }
    XCTAssertEqual(f.hessianTrace(start), 4 * formula / 20, accuracy: 1e-10 * formula)
    // The start is sharp: uⱼvⱼ ≥ s = 1, so uⱼ² + vⱼ² ≥ 2 and tr̄ ≥ 2 · mean aᵢⱼ² ≈ 2.
    XCTAssertGreaterThan(f.hessianTrace(start) / 80, 1.5)
    let x = TestSupport.normals(80, seed: 3)
    try assertGradientMatchesFiniteDifferences(f, at: x)
    try assertGradientMatchesFiniteDifferences(f, at: x, samples: [4])
    try assertGradientMatchesFiniteDifferences(f, at: x, samples: [4, 17, 4])
    let mean = try (0..<20).reduce(0.0) { $0 + (try f.value(x, samples: [$1])) } / 20
    XCTAssertEqual(mean, try f.value(x), accuracy: 1e-12 * max(1, mean))
    let hessian = try TestSupport.finiteDifferenceHessian(f, at: x)
    XCTAssertEqual(
      f.hessianTrace(x), (0..<80).reduce(0) { $0 + hessian[$1][$1] }, accuracy: 1e-6 * f.hessianTrace(x))
    // β* is 3-sparse with ±1 entries, and the metrics at the start measure the minimum-norm interpolator.
    let metrics = try XCTUnwrap(try problem.metrics?(start))
    XCTAssertEqual(problem.metricNames, ["trace_norm", "flat_residual", "beta_error", "test_mse"])
    XCTAssertGreaterThan(metrics[2], 0.5)
    XCTAssertGreaterThan(metrics[3], 0.1)
    XCTAssertThrowsError(try f.value(x, samples: [20]))
    XCTAssertThrowsError(try TestSupport.instance(DiagonalNetwork.family, ["samples": .int(50)]))
  }

  func testTwoLayerNetworkGradientsTraceAndInterpolatingStart() throws {
    let problem = try TestSupport.instance(TwoLayerNetwork.family)
    let f = try XCTUnwrap(try problem.objective() as? SquaredLoss<TwoLayerNetwork>)
    XCTAssertEqual(f.dimension, 24 * 5)
    XCTAssertLessThan(try f.value(try f.initialPoint()), 1e-24)
    let x = TestSupport.normals(f.dimension, seed: 4, scale: 0.5)
    try assertGradientMatchesFiniteDifferences(f, at: x)
    try assertGradientMatchesFiniteDifferences(f, at: x, samples: [3, 9])
    let hessian = try TestSupport.finiteDifferenceHessian(f, at: x)
    let fdTrace = (0..<f.dimension).reduce(0) { $0 + hessian[$1][$1] }
    XCTAssertEqual(f.hessianTrace(x), fdTrace, accuracy: 1e-6 * max(1, abs(fdTrace)))
    // The output Hessian-vector product against differences of the output gradient.
    let v = TestSupport.normals(f.dimension, seed: 5)
    for i in [0, 7] {
      let h = 1e-6
      let numeric = ArrayMath.scale(
        1 / (2 * h),
        ArrayMath.subtract(
          f.model.outputGradient(ArrayMath.axpy(x, h, v), sample: i),
          f.model.outputGradient(ArrayMath.axpy(x, -h, v), sample: i)))
      let exact = f.model.outputHessianVector(x, sample: i, v)
      XCTAssertLessThan(ArrayMath.distance(exact, numeric), 1e-6 * max(1, ArrayMath.norm(exact)))
    }
    XCTAssertEqual(problem.metricNames, ["trace_norm", "flat_residual", "test_mse"])
    XCTAssertThrowsError(
      try TestSupport.instance(TwoLayerNetwork.family, ["flow_limit": .string("exact")]))
  }

  func testSameSeedSameInstanceAndDifferentSeedDifferentData() throws {
    let a = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self, seed: 3)
    let b = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self, seed: 3)
    let c = try TestSupport.loss(DiagonalNetwork.family, as: DiagonalNetwork.self, seed: 4)
    XCTAssertEqual(a.model.features, b.model.features)
    XCTAssertEqual(try a.initialPoint(), try b.initialPoint())
    XCTAssertNotEqual(a.model.features, c.model.features)
    // Hutchinson probes are drawn after the data, so the option does not change the instance.
    let d = try TestSupport.loss(
      DiagonalNetwork.family, as: DiagonalNetwork.self, seed: 3, ["trace_probes": .int(5)])
    XCTAssertEqual(a.model.features, d.model.features)
  }
}
