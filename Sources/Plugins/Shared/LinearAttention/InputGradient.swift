import CatalogueSDK
import LinearAlgebra

/// The gradient of the loss with respect to the embedded prompts Z₀ themselves, for models that put learned layers
/// in front of the transformer (the learned feature MLP of linear-attention-dynamics.md §3.2).
///
/// ``ModelKernel/backward(_:_:into:)`` stops at layer 0 because data need no gradient; it leaves ∂Z₁ in the workspace
/// and the layer-0 adjoints vec(dW_b) in its last column block, from which layer 0's input adjoint follows exactly as
/// for the deeper layers (common-incontext-regression.md §6):
///
///   ∂Z₀ = ∂Z₁ + W_bᵀ·∂Z₁ + (∂K_b + ∂K_bᵀ)·Z₀·M,   vec(∂K_b) = C₀ᵀ·vec(dW_b).
extension LinearTransformer {
  /// The mean loss over `batch`, its gradient with respect to ``weights``, and ∂loss/∂Z₀ of every prompt
  /// ((d+1)×(n+1) each). Models with a memory are not supported (their layer-0 output also feeds later layers).
  public func lossAndInputGradients(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws
    -> (loss: Double, gradient: ParameterSet, inputGradients: [Matrix])
  {
    guard case .none = configuration.memory else {
      throw PluginError(.invalidArgument, "input gradients are implemented for transformers without memory")
    }
    guard workspace.implementation == .batchedBLAS else {
      throw PluginError(.invalidArgument, "input gradients need a workspace of the batched BLAS kernel")
    }
    let (loss, gradient) = try lossAndGradient(batch, workspace: &workspace)
    let kernel = ModelKernel(self)
    let size = kernel.d + 1
    var dk = Matrix(rows: size * size, cols: batch.count)
    dk.addProduct(kernel.mixing[0], workspace.dwAll, transposeA: true, beta: 0)
    var w = Matrix(rows: size, cols: size)
    var s = Matrix(rows: size, cols: size)
    var inputs: [Matrix] = []
    inputs.reserveCapacity(batch.count)
    for b in 0..<batch.count {
      var dz = workspace.dz[1][b]
      w.assign(column: b, of: workspace.wAll[0])
      dz.addProduct(w, workspace.dz[1][b], transposeA: true)
      s.assignSymmetricSum(column: b, of: dk)
      dz.addProduct(s, workspace.zm[0][b])
      inputs.append(dz)
    }
    return (loss, gradient, inputs)
  }
}
