import LinearAlgebra
import XCTest

@testable import LinearAttention

/// The weight-space identities of the sparse transformer (common-incontext-regression.md §5, memformer.md §2.2):
/// the label row of Z_ℓ must hold yᵢ − ⟨w_ℓ, xᵢ⟩ and −⟨w_ℓ, x_query⟩ for the iterates w_ℓ of the matching
/// fixed-coefficient recurrence, and the covariate rows must not move.
final class EquivalenceTests: XCTestCase {
  /// Compares every state of `model` on every prompt with the iterates `iterates(b)`, to 1e-12 relative.
  private func assertFollows(
    _ model: LinearTransformer, _ batch: PromptBatch, file: StaticString = #filePath, line: UInt = #line,
    iterates: (Int) -> [Vector]
  ) throws {
    let d = batch.featureDimension
    var worst = 0.0
    for b in 0..<batch.count {
      let states = try model.states(batch.prompts[b])
      let ws = iterates(b)
      XCTAssertEqual(states.count, ws.count, file: file, line: line)
      for (z, w) in zip(states, ws) {
        let expected = WeightSpace.labelRow(batch, prompt: b, at: w)
        for j in expected.indices {
          worst = max(worst, abs(z[d, j] - expected[j]) / max(1, abs(expected[j])))
        }
        for i in 0..<d {
          for j in 0..<batch.contextLength + 1 {
            XCTAssertEqual(z[i, j], batch.prompts[b][i, j], file: file, line: line)
          }
        }
      }
    }
    XCTAssertLessThan(worst, 1e-12, "largest relative deviation \(worst)", file: file, line: line)
  }

  func testSparseTransformerIsPreconditionedGradientDescent() throws {
    let batch = try Fixtures.prompts(8)
    let c = TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 4, heads: 2)
    let model = try Fixtures.randomModel(c)
    let preconditioners = try XCTUnwrap(model.effectivePreconditioners)
    XCTAssertGreaterThan(preconditioners[0].frobeniusNorm, 0.5)
    try assertFollows(model, batch) { b in
      WeightSpace.memoryRecurrence(batch, prompt: b, preconditioners: preconditioners)
    }
  }

  func testScalarBlocksAreGradientDescentWithPerLayerSteps() throws {
    let batch = try Fixtures.prompts(4, covariance: .isotropic)
    let steps = [0.692, 1.719, 0.423]
    let model = try Fixtures.gradientDescentModel(steps: steps)
    try assertFollows(model, batch) { b in
      WeightSpace.memoryRecurrence(batch, prompt: b, preconditioners: steps.map { Matrix.identity(5) * $0 })
    }
  }

  func testConjugateMemoryIsTheFixedCoefficientRecurrence() throws {
    let batch = try Fixtures.prompts(6)
    let c = TransformerConfiguration(
      featureDimension: 5, contextLength: 20, layers: 4, memory: .conjugate(learnStep: true))
    let model = try Fixtures.randomModel(c)
    let (gamma, alpha) = model.memoryCoefficients
    XCTAssertTrue(gamma.dropFirst().allSatisfy { abs($0) > 1e-3 } && alpha.allSatisfy { abs($0 - 1) > 1e-3 })
    let preconditioners = try XCTUnwrap(model.effectivePreconditioners)
    try assertFollows(model, batch) { b in
      WeightSpace.memoryRecurrence(batch, prompt: b, preconditioners: preconditioners, gamma: gamma, alpha: alpha)
    }
  }

  /// Scalar LFOM gates in the code indexing are a linear first-order method
  /// w_{ℓ+1} = w_ℓ + u_ℓ + Σ_{j<ℓ} Γ_j·u_j with u_j = −A_jᵀ∇R(w_j).
  func testScalarLFOMGatesAreALinearFirstOrderMethod() throws {
    let batch = try Fixtures.prompts(5)
    let c = TransformerConfiguration(
      featureDimension: 5, contextLength: 20, layers: 4, memory: .lfom(indexing: .code, shape: .scalar))
    let model = try Fixtures.randomModel(c)
    let gates = (0..<3).map { model.weights["gate.\($0)"]!.values[0] }
    let a = try XCTUnwrap(model.effectivePreconditioners)
    try assertFollows(model, batch) { b in
      var w = Vector(count: 5)
      var updates: [Vector] = []
      var iterates = [w]
      for l in 0..<4 {
        updates.append(
          Matrix.product(a[l], WeightSpace.riskGradient(batch, prompt: b, at: w), transpose: true, alpha: -1))
        w.add(updates[l], scaledBy: 1)
        for j in 0..<l { w.add(updates[j], scaledBy: gates[j]) }
        iterates.append(w)
      }
      return iterates
    }
  }

  /// Parametrisation (b) re-conditions the covariates: X ← X + (1/n)·B·X·M·Xᵀ·A·X (§5).
  func testValueKeyLayerUpdatesCovariates() throws {
    let batch = try Fixtures.prompts(3)
    let c = TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 1, parametrisation: .valueKey)
    let model = try Fixtures.randomModel(c)
    let a = Matrix(rows: 5, cols: 5, elements: model.weights["A.0.0"]!.values)
    let bBlock = Matrix(rows: 5, cols: 5, elements: model.weights["B.0.0"]!.values)
    for p in 0..<batch.count {
      let z = batch.prompts[p]
      let x = Matrix(rows: 5, cols: 21) { i, j in z[i, j] }
      let xm = Matrix(rows: 5, cols: 21) { i, j in j < 20 ? z[i, j] : 0 }
      let expected = x + bBlock * xm * Matrix.product(xm, a * x, transposeA: true) * (1.0 / 20)
      let out = try model.states(z)[1]
      for i in 0..<5 {
        for j in 0..<21 { XCTAssertEqual(out[i, j], expected[i, j], accuracy: 1e-12 * max(1, abs(expected[i, j]))) }
      }
    }
  }

  /// The query never acts as a key or value: changing its covariate changes only its own column.
  func testQueryIsMaskedAsKeyAndValue() throws {
    let batch = try Fixtures.prompts(1)
    let c = TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 2, parametrisation: .unconstrained)
    let model = try Fixtures.randomModel(c)
    var moved = batch.prompts[0]
    for i in 0..<5 { moved[i, 20] += 0.7 }
    let before = try model.states(batch.prompts[0])[2]
    let after = try model.states(moved)[2]
    for i in 0..<6 {
      for j in 0..<20 { XCTAssertEqual(before[i, j], after[i, j], accuracy: 1e-13) }
    }
    XCTAssertGreaterThan(abs(before[5, 20] - after[5, 20]), 1e-6)
  }
}
