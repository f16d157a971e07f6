import LinearAlgebra
import XCTest

@testable import LinearAttention

/// The coefficient passes of the sparse parametrisation (``LabelRowKernel``) against ``PromptKernel``'s row passes and
/// the batched BLAS kernel, for every memory the pass covers, shapes whose d + 1 is odd (prompt columns padded) and
/// memory coefficients away from their initial values.
final class LabelRowKernelTests: XCTestCase {
  private static let covered: [TransformerConfiguration] = [
    TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 4, memory: .conjugate(learnStep: true)),
    TransformerConfiguration(featureDimension: 2, contextLength: 5, layers: 3, heads: 2),
    TransformerConfiguration(featureDimension: 4, contextLength: 7, layers: 3, memory: .conjugate(learnStep: false)),
    TransformerConfiguration(
      featureDimension: 3, contextLength: 6, layers: 3, blocks: .scalar, memory: .conjugate(learnStep: true)),
    TransformerConfiguration(
      featureDimension: 4, contextLength: 5, layers: 3, heads: 2, memory: .lfom(indexing: .paper, shape: .scalar)),
    TransformerConfiguration(
      featureDimension: 5, contextLength: 20, layers: 4, memory: .lfom(indexing: .code, shape: .scalar)),
  ]

  private func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = b.map(abs).max() ?? 0
    return zip(a, b).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
  }

  /// Loss, every gradient entry (γ, α and gates included) and the outputs equal the row passes and the BLAS kernel to
  /// 1e-12 relative.
  func testEqualsTheRowPassesAndTheBLASKernel() throws {
    for c in Self.covered {
      let batch = try Fixtures.prompts(9, d: c.featureDimension, n: c.contextLength, covariance: .isotropic)
      var model = try Fixtures.randomModel(c, scale: 0.25)
      // Memory coefficients away from their initial values, so that every term of the memory's adjoint counts.
      for index in model.weights.tensors.indices
      where !LinearTransformer.isAttentionTensor(model.weights.tensors[index].name) {
        model.weights.tensors[index].values = model.weights.tensors[index].values.enumerated().map {
          0.6 + 0.1 * Double($0.offset)
        }
      }
      XCTAssertNotNil(LabelRowKernel(PromptKernel(model)), "\(c)")
      var coefficients = TransformerWorkspace(implementation: .tinyBlocks)
      var rows = TransformerWorkspace(implementation: .tinyBlocks)
      rows.prompt.rowPassesOnly = true
      let blas = TransformerWorkspace()
      let actual = try model.lossAndGradient(batch, workspace: &coefficients)
      for var reference in [rows, blas] {
        let expected = try model.lossAndGradient(batch, workspace: &reference)
        XCTAssertEqual(actual.loss, expected.loss, accuracy: 1e-12 * expected.loss, "\(c)")
        XCTAssertLessThan(relativeError(actual.gradient.flattened, expected.gradient.flattened), 1e-12, "\(c)")
        for (a, e) in zip(actual.gradient.tensors, expected.gradient.tensors) {
          XCTAssertGreaterThan(e.values.map(abs).max()!, 1e-6, "\(e.name) too small to compare, \(c)")
          XCTAssertLessThan(relativeError(a.values, e.values), 1e-11, "\(e.name), \(c)")
        }
        XCTAssertLessThan(
          relativeError(
            try model.outputs(batch, workspace: &coefficients), try model.outputs(batch, workspace: &reference)),
          1e-12, "outputs, \(c)")
      }
    }
  }

  /// The parametrisations whose P is learned and the full LFOM gates keep the row passes.
  func testCoversOnlyTheSparseParametrisationWithoutFullGates() throws {
    let others = [
      TransformerConfiguration(featureDimension: 3, contextLength: 5, layers: 2, parametrisation: .valueKey),
      TransformerConfiguration(featureDimension: 2, contextLength: 4, layers: 3, parametrisation: .unconstrained),
      TransformerConfiguration(
        featureDimension: 2, contextLength: 4, layers: 3, memory: .lfom(indexing: .code, shape: .full)),
    ]
    for c in others { XCTAssertNil(LabelRowKernel(PromptKernel(try Fixtures.randomModel(c))), "\(c)") }
  }
}
