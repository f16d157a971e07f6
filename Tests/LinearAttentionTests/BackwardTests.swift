import XCTest

@testable import LinearAttention

/// The analytic backward pass against central finite differences, coordinate by coordinate, for every
/// parametrisation, memory and block shape (common-incontext-regression.md §6: keep such a test in the suite).
final class BackwardTests: XCTestCase {
  /// Largest |analytic − numeric| over all weights, relative to the largest |numeric|, must be ≤ 1e-6.
  private func checkGradient(
    _ c: TransformerConfiguration, prompts: Int = 3, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let batch = try Fixtures.prompts(prompts, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
    let model = try Fixtures.randomModel(c, scale: 0.25)
    let (_, gradient) = try model.lossAndGradient(batch)
    let analytic = gradient.flattened
    let theta = model.weights.flattened
    var numeric = [Double](repeating: 0, count: theta.count)
    let h = 1e-5
    for i in theta.indices {
      var probe = model
      var shifted = theta
      shifted[i] = theta[i] + h
      probe.weights = model.weights.replacing(flattened: shifted)
      let plus = try probe.loss(batch)
      shifted[i] = theta[i] - h
      probe.weights = model.weights.replacing(flattened: shifted)
      let minus = try probe.loss(batch)
      numeric[i] = (plus - minus) / (2 * h)
    }
    let scale = numeric.map(abs).max()!
    XCTAssertGreaterThan(scale, 1e-3, "gradient too small to test", file: file, line: line)
    let error = zip(analytic, numeric).map { abs($0 - $1) }.max()!
    XCTAssertLessThan(error / scale, 1e-6, "relative gradient error \(error / scale)", file: file, line: line)
  }

  func testPlainSparseFullAndScalar() throws {
    try checkGradient(TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 3, heads: 2))
    try checkGradient(TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 3, blocks: .scalar))
  }

  func testValueKeyAndUnconstrained() throws {
    try checkGradient(
      TransformerConfiguration(featureDimension: 3, contextLength: 5, layers: 2, heads: 2, parametrisation: .valueKey))
    try checkGradient(
      TransformerConfiguration(featureDimension: 2, contextLength: 4, layers: 3, parametrisation: .unconstrained))
  }

  func testConjugateMemory() throws {
    try checkGradient(
      TransformerConfiguration(featureDimension: 3, contextLength: 6, layers: 4, memory: .conjugate(learnStep: true)))
    try checkGradient(
      TransformerConfiguration(
        featureDimension: 3, contextLength: 5, layers: 3, parametrisation: .valueKey, blocks: .scalar,
        memory: .conjugate(learnStep: false)))
  }

  func testLFOMGates() throws {
    try checkGradient(
      TransformerConfiguration(
        featureDimension: 2, contextLength: 4, layers: 3, memory: .lfom(indexing: .code, shape: .full)))
    try checkGradient(
      TransformerConfiguration(
        featureDimension: 3, contextLength: 5, layers: 3, heads: 2, memory: .lfom(indexing: .paper, shape: .scalar)))
    try checkGradient(
      TransformerConfiguration(
        featureDimension: 2, contextLength: 3, layers: 2, parametrisation: .unconstrained,
        memory: .lfom(indexing: .paper, shape: .full)))
  }

  /// The loss is the mean of ([Z_L]_{d+1,n+1} + y)² and the prediction carries a minus sign.
  func testLossAndPredictionSign() throws {
    let batch = try Fixtures.prompts(4)
    let model = try Fixtures.randomModel(TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 2))
    let outputs = try model.outputs(batch)
    let predictions = try model.predictions(batch)
    XCTAssertEqual(predictions, outputs.map { -$0 })
    let expected = zip(predictions, batch.queryTargets).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 4
    XCTAssertEqual(try model.loss(batch), expected, accuracy: 1e-12 * expected)
    XCTAssertEqual(try model.lossAndGradient(batch).loss, expected, accuracy: 1e-12 * expected)
  }
}
