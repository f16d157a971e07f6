/// A model's loss on one fixed batch of prompts, as a function of its flattened weights (``ParameterSet/flattened``).
public struct BatchLoss<Model: TrainableModel>: FlatDifferentiableLoss {
  /// The model whose weights are replaced at every call.
  public private(set) var model: Model
  /// The fixed batch (the test batch for the paper's measurements).
  public let batch: PromptBatch
  private var workspace = TransformerWorkspace()

  /// The loss of `model`'s architecture on `batch`.
  public init(model: Model, batch: PromptBatch) {
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
