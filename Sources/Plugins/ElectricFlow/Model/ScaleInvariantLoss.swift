import Glibc

/// The paper's loss for linear targets (electric-flow.md §4.1): ‖Φ̂/‖Φ̂‖_F − T/‖T‖_F‖²_F per graph, averaged over
/// the batch. It ignores the output's scale, which the block normalisation changes from layer to layer.
enum ScaleInvariantLoss {
  /// The code's guard in Φ̂/(ε + ‖Φ̂‖) (`1e-7 +` in `get_loss`), which makes a zero output score 1 with a finite
  /// gradient: the stack layout's structured initialisation starts from Φ̂ = 0.
  static let epsilon = 1e-7

  /// The loss of one graph, from the output Φ̂ and target T given as `count` entries each (any common layout), with
  /// Φ̂ divided by ε + ‖Φ̂‖ (ε = 0: the exact loss; a zero output then scores ‖T̂‖² = 1).
  static func graphLoss(
    _ output: UnsafeBufferPointer<Double>, _ target: UnsafeBufferPointer<Double>, epsilon: Double = 0
  ) -> Double {
    var oo = 0.0
    var tt = 0.0
    for i in output.indices {
      oo += output[i] * output[i]
      tt += target[i] * target[i]
    }
    let ro = oo > 0 ? 1 / (epsilon + oo.squareRoot()) : 0
    let rt = 1 / tt.squareRoot()
    var loss = 0.0
    for i in output.indices {
      let diff = output[i] * ro - target[i] * rt
      loss += diff * diff
    }
    return loss
  }

  /// ln of the batch mean of per-graph losses (the figure's ordinate), or +∞ when any loss is not finite.
  static func logMean(_ losses: [Double]) -> Double {
    guard losses.allSatisfy(\.isFinite) else { return .infinity }
    return log(losses.reduce(0, +) / Double(losses.count))
  }
}
