import XCTest

@testable import LinearAttention

/// Adam, momentum SGD, clipping and the schedule against their closed forms.
final class OptimizerTests: XCTestCase {
  private func parameters(_ values: [Double]) -> ParameterSet {
    ParameterSet([ParameterTensor(name: "x", rows: 1, cols: values.count, values: values)])
  }

  /// Under a constant gradient Adam's bias-corrected moments are m̂ = g and v̂ = g², so every step moves each
  /// coordinate by exactly η against the sign of its gradient.
  func testAdamMovesByTheLearningRateUnderConstantGradient() {
    var adam = Adam()
    var x = parameters([1, -2, 0.5])
    let g = parameters([3, -0.02, 1e-3])
    for _ in 0..<5 { adam.step(&x, gradient: g, learningRate: 0.01) }
    let expected = [1 - 0.05, -2 + 0.05, 0.5 - 0.05]
    for (value, target) in zip(x.tensors[0].values, expected) { XCTAssertEqual(value, target, accuracy: 1e-6) }
  }

  /// Adam's second step after a gradient sign flip follows the formula with β = (0.99, 0.9).
  func testAdamSecondStepFormula() {
    var adam = Adam(beta1: 0.99, beta2: 0.9, epsilon: 0)
    var x = parameters([0])
    adam.step(&x, gradient: parameters([1]), learningRate: 1)
    adam.step(&x, gradient: parameters([-2]), learningRate: 1)
    let m = 0.99 * 0.01 + 0.01 * -2
    let v = 0.9 * 0.1 + 0.1 * 4
    let second = (m / (1 - 0.99 * 0.99)) / (v / (1 - 0.81)).squareRoot()
    XCTAssertEqual(x.tensors[0].values[0], -1 - second, accuracy: 1e-12)
  }

  func testMomentumSGDClosedForm() {
    var sgd = MomentumSGD(momentum: 0.5)
    var x = parameters([0])
    for _ in 0..<3 { sgd.step(&x, gradient: parameters([1]), learningRate: 0.1) }
    // Velocities 1, 1.5, 1.75.
    XCTAssertEqual(x.tensors[0].values[0], -0.1 * (1 + 1.5 + 1.75), accuracy: 1e-15)
    var nesterov = MomentumSGD(momentum: 0.5, nesterov: true)
    var y = parameters([0])
    nesterov.step(&y, gradient: parameters([1]), learningRate: 0.1)
    XCTAssertEqual(y.tensors[0].values[0], -0.1 * 1.5, accuracy: 1e-15)
  }

  func testClipping() {
    let g = ParameterSet([
      ParameterTensor(name: "big", rows: 1, cols: 2, values: [3, 4]),
      ParameterTensor(name: "small", rows: 1, cols: 1, values: [0.001]),
    ])
    var perTensor = g
    GradientClipping.perTensor(0.01).apply(&perTensor)
    XCTAssertEqual(perTensor.tensors[0].values[0], 0.006, accuracy: 1e-15)
    XCTAssertEqual(perTensor.tensors[0].values[1], 0.008, accuracy: 1e-15)
    XCTAssertEqual(perTensor.tensors[1].values, [0.001])
    var global = g
    GradientClipping.global(1).apply(&global)
    XCTAssertEqual(global.norm, 1, accuracy: 1e-15)
    XCTAssertEqual(global.tensors[1].values[0], 0.001 / g.norm, accuracy: 1e-18)
    var untouched = g
    GradientClipping.global(10).apply(&untouched)
    XCTAssertEqual(untouched, g)
    XCTAssertThrowsError(try GradientClipping.named("elementwise", threshold: 1))
  }

  func testStepDecaySchedule() {
    let schedule = StepDecaySchedule(initial: 0.01, every: 1000, factor: 0.5)
    XCTAssertEqual(schedule.rate(at: 0), 0.01)
    XCTAssertEqual(schedule.rate(at: 999), 0.01)
    XCTAssertEqual(schedule.rate(at: 1000), 0.005)
    XCTAssertEqual(schedule.rate(at: 4000), 0.01 / 16)
    XCTAssertEqual(StepDecaySchedule(initial: 0.1, every: 0, factor: 0.5).rate(at: 10_000), 0.1)
  }
}
