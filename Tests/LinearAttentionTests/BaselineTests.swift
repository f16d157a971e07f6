import LinearAlgebra
import XCTest

@testable import LinearAttention

/// The weight-space baselines: closed-form identities, then the reference table of
/// common-incontext-regression.md §9.2 (40,000 prompts there; 20,000 here, tolerance 0.03 + 4 standard errors).
final class BaselineTests: XCTestCase {
  func testConjugateGradientIsExactAfterDSteps() throws {
    let systems = try NormalEquations(try Fixtures.prompts(200))
    let losses = systems.losses(.conjugateGradient, steps: 6)
    XCTAssertLessThan(losses[4].mean, 1e-18)
    XCTAssertLessThan(losses[5].mean, 1e-18)
    XCTAssertGreaterThan(losses[3].mean, 1e-3)
  }

  /// The spectral recurrences equal the weight-space ones run with BLAS products on each prompt.
  func testSpectralMethodsMatchWeightSpaceRecurrences() throws {
    let batch = try Fixtures.prompts(5)
    let (eta, beta) = (0.7, 0.4)
    for b in 0..<5 {
      let one = batch.slice(b..<(b + 1))
      let systems = try NormalEquations(one)
      let query = one.queryFeatures(0)
      func loss(_ w: Vector) -> Double { pow2(query.dot(w) - one.queryTargets[0]) }
      let etas = [0.3, 1.2, 0.8, 0.5]
      let gd = WeightSpace.memoryRecurrence(one, prompt: 0, preconditioners: etas.map { Matrix.identity(5) * $0 })
      let spectral = systems.losses(.gradientDescent(etas), steps: 4)
      var w = Vector(count: 5)
      var previous = w
      var v = Vector(count: 5)
      var vPrevious = v
      let heavy = systems.losses(.heavyBall(step: eta, momentum: beta), steps: 4)
      let nesterov = systems.losses(.nesterov(step: eta, momentum: beta), steps: 4)
      for k in 0..<4 {
        XCTAssertEqual(spectral[k].mean, loss(gd[k + 1]), accuracy: 1e-10 * max(1, loss(gd[k + 1])))
        var next = w - eta * WeightSpace.riskGradient(one, prompt: 0, at: w) + beta * (w - previous)
        (previous, w) = (w, next)
        XCTAssertEqual(heavy[k].mean, loss(w), accuracy: 1e-10 * max(1, loss(w)))
        let look = v + beta * (v - vPrevious)
        next = look - eta * WeightSpace.riskGradient(one, prompt: 0, at: look)
        (vPrevious, v) = (v, next)
        XCTAssertEqual(nesterov[k].mean, loss(v), accuracy: 1e-10 * max(1, loss(v)))
      }
    }
  }

  private func assertReference(
    _ estimate: TestLoss, _ reference: Double, file: StaticString = #filePath, line: UInt = #line
  ) {
    let tolerance = 0.03 + 4 * estimate.standardError / estimate.mean
    XCTAssertEqual(estimate.logMean, reference, accuracy: tolerance, file: file, line: line)
  }

  func testReferenceTableIsotropic() throws {
    let test = try NormalEquations(try Fixtures.prompts(20_000, covariance: .isotropic, seed: 21))
    let tune = try NormalEquations(try Fixtures.prompts(10_000, covariance: .isotropic, seed: 22))
    for (estimate, reference) in zip(test.losses(.conjugateGradient, steps: 4), [-0.085, -1.760, -3.749, -6.416]) {
      assertReference(estimate, reference)
    }
    let best = StepSizeSearch.bestConstant(tune, steps: 4)
    for (k, reference) in [0.160, -0.682, -1.296, -1.803].enumerated() {
      assertReference(test.losses(.gradientDescent([best[k].step]), steps: k + 1)[k], reference)
    }
    XCTAssertEqual(best[0].step, 0.775, accuracy: 0.051)
    let small = try NormalEquations(try Fixtures.prompts(3000, covariance: .isotropic, seed: 25))
    let perStep = StepSizeSearch.bestPerStep(small, steps: 4, start: [Double](repeating: best[3].step, count: 4))
    assertReference(test.losses(.gradientDescent(perStep), steps: 4)[3], -2.913)
  }

  func testReferenceTableCodeCovariance() throws {
    let test = try NormalEquations(try Fixtures.prompts(20_000, covariance: .code, seed: 23))
    let tune = try NormalEquations(try Fixtures.prompts(10_000, covariance: .code, seed: 24))
    for (estimate, reference) in zip(test.losses(.conjugateGradient, steps: 4), [0.695, 0.154, -0.617, -1.604]) {
      assertReference(estimate, reference)
    }
    let best = StepSizeSearch.bestConstant(tune, steps: 4)
    for (k, reference) in [0.816, 0.499, 0.334, 0.201].enumerated() {
      assertReference(test.losses(.gradientDescent([best[k].step]), steps: k + 1)[k], reference)
    }
  }
}

private func pow2(_ x: Double) -> Double { x * x }
