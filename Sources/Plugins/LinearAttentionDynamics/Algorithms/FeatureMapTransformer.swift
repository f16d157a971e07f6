import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// The model of the non-linear variant (linear-attention-dynamics.md §3.2): a learned ReLU MLP (d → 30 → d) applied
/// to the x-rows of every token, the query's included, then linear-attention layers of parametrisation (c)
/// (unconstrained P and Q, same mask and 1/n). The label row passes through unchanged.
///
/// ``weights`` holds the attention tensors first, then the MLP's W₁, b₁, W₂, b₂, so global-norm clipping and the
/// measurements see all parameters together, as `clip_grad_norm_` over `model.parameters()` does in the notebook
/// (551 parameters at d = 5, 3 layers).
struct FeatureMapTransformer: TrainableModel {
  /// The attention part (its weights are the first tensors of ``weights``).
  private var transformer: LinearTransformer
  var weights: ParameterSet

  /// Attention entries N(0, initStd²) first, then the MLP with PyTorch's default initialisation.
  init(
    featureDimension d: Int, contextLength n: Int, layers: Int, hidden: Int, initStd: Double,
    rng: inout CatalogueRandom
  ) throws {
    transformer = try LinearTransformer(
      configuration: TransformerConfiguration(
        featureDimension: d, contextLength: n, layers: layers, parametrisation: .unconstrained),
      initStd: initStd, rng: &rng)
    let mlp = ReLUNetwork(inputs: d, hidden: hidden, outputs: d, rng: &rng)
    weights = ParameterSet(transformer.weights.tensors + mlp.tensors)
  }

  func lossAndGradient(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws
    -> (loss: Double, gradient: ParameterSet)
  {
    let attentionCount = weights.tensors.count - ReLUNetwork.names.count
    var attention = transformer
    attention.weights = ParameterSet(Array(weights.tensors[..<attentionCount]))
    let mlp = ReLUNetwork(weights.tensors[attentionCount...])
    let d = batch.featureDimension
    let points = batch.contextLength + 1
    var x = Matrix(rows: d, cols: points * batch.count)
    x.withUnsafeMutableBufferPointer { buffer in
      for (b, z) in batch.prompts.enumerated() {
        for j in 0..<points {
          for i in 0..<d { buffer[i + d * (j + points * b)] = z[i, j] }
        }
      }
    }
    let pass = mlp.forward(x)
    var prompts = batch.prompts
    pass.output.withUnsafeBufferPointer { phi in
      for b in prompts.indices {
        for j in 0..<points {
          for i in 0..<d { prompts[b][i, j] = phi[i + d * (j + points * b)] }
        }
      }
    }
    let mapped = try PromptBatch(
      prompts: prompts, queryTargets: batch.queryTargets, featureDimension: d, contextLength: batch.contextLength)
    let (loss, gradient, inputs) = try attention.lossAndInputGradients(mapped, workspace: &workspace)
    var outputGradient = Matrix(rows: d, cols: points * batch.count)
    outputGradient.withUnsafeMutableBufferPointer { g in
      for (b, dz) in inputs.enumerated() {
        for j in 0..<points {
          for i in 0..<d { g[i + d * (j + points * b)] = dz[i, j] }
        }
      }
    }
    let mlpGradient = mlp.gradients(x, pass, outputGradient: outputGradient)
    return (loss, ParameterSet(gradient.tensors + mlpGradient.tensors))
  }
}
