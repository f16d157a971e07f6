/// Adam with decoupled weight decay (Loshchilov & Hutter 2019), as PyTorch's `AdamW`: θ ← θ·(1 − η·λ), then the
/// bias-corrected Adam step of ``Adam``.
///
/// The decay is applied before the moment update and scales with the current learning rate, exactly as
/// `torch.optim.AdamW` does, so a schedule that halves η also halves the decay per step. PyTorch's defaults are
/// β = (0.9, 0.999), ε = 1e-8, λ = 0.01.
public struct AdamW: ParameterOptimizer {
  /// The Adam part (moments, bias correction).
  private var adam: Adam
  /// λ, the decoupled weight decay.
  public let weightDecay: Double

  /// Creates the optimiser with empty moments.
  public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01) {
    adam = Adam(beta1: beta1, beta2: beta2, epsilon: epsilon)
    self.weightDecay = weightDecay
  }

  public mutating func step(_ parameters: inout ParameterSet, gradient: ParameterSet, learningRate: Double) {
    let shrink = 1 - learningRate * weightDecay
    for k in parameters.tensors.indices {
      parameters.tensors[k].values = parameters.tensors[k].values.map { $0 * shrink }
    }
    adam.step(&parameters, gradient: gradient, learningRate: learningRate)
  }
}
