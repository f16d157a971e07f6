/// A loss with an analytic gradient, seen as a function of one flat parameter vector: the interface the measurement
/// tools (``HessianDiagonal``, ``DirectionalSmoothness``, ``GradientNoiseSample``) probe.
///
/// The tools only ever move the parameters and ask for a gradient, so any model trained through this module (the
/// plain linear transformer, a Memformer, a transformer with a learned feature map) can be measured by conforming
/// once; a conformer may keep scratch space between calls, hence `mutating`.
public protocol FlatDifferentiableLoss {
  /// Number of scalars in the parameter vector.
  var parameterCount: Int { get }
  /// The loss and its gradient at `parameters` (same order and length as ``parameterCount``).
  mutating func lossAndGradient(at parameters: [Double]) throws -> (loss: Double, gradient: [Double])
}

/// A linear transformer's loss on one fixed batch of prompts, as a function of its flattened weights
/// (``ParameterSet/flattened``).
public struct TransformerBatchLoss: FlatDifferentiableLoss {
  /// The model whose weights are replaced at every call.
  public private(set) var model: LinearTransformer
  /// The fixed batch (the test batch for the paper's measurements).
  public let batch: PromptBatch
  private var workspace = TransformerWorkspace()

  /// The loss of `model`'s architecture on `batch`.
  public init(model: LinearTransformer, batch: PromptBatch) {
    self.model = model
    self.batch = batch
  }

  public var parameterCount: Int { model.weights.scalarCount }

  public mutating func lossAndGradient(at parameters: [Double]) throws -> (loss: Double, gradient: [Double]) {
    model.weights = model.weights.replacing(flattened: parameters)
    let (loss, gradient) = try model.lossAndGradient(batch, workspace: &workspace)
    return (loss, gradient.flattened)
  }
}
