/// A model trained on prompt batches through this module: learned tensors and the batch loss with its exact
/// gradient. ``LinearTransformer`` conforms (with any memory); so can a model that adds layers around it.
public protocol TrainableModel: Sendable {
  /// The learned tensors, in the order the gradient uses.
  var weights: ParameterSet { get set }
  /// The mean loss over `batch` and its gradient with respect to ``weights``.
  func lossAndGradient(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws
    -> (loss: Double, gradient: ParameterSet)
}

extension LinearTransformer: TrainableModel {}
