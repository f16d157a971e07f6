/// A first-order optimiser over a ``ParameterSet``: one call per training step with the (clipped) gradient.
///
/// The learning rate is passed per step so a schedule can change it without the optimiser knowing about schedules.
public protocol ParameterOptimizer: Sendable {
  /// Updates `parameters` in place from `gradient` (same layout).
  mutating func step(_ parameters: inout ParameterSet, gradient: ParameterSet, learningRate: Double)
}

/// Adam with bias correction (Kingma & Ba 2015), as PyTorch's `AdamW(weight_decay=0)`:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
///
/// The official linear-transformer code uses β = (0.99, 0.9) and notes that β₂ = 0.999 is "very slow"
/// (common-incontext-regression.md §7), so those are the defaults here.
public struct Adam: ParameterOptimizer {
  /// β₁.
  public let beta1: Double
  /// β₂.
  public let beta2: Double
  /// ε.
  public let epsilon: Double
  private var m: [[Double]] = []
  private var v: [[Double]] = []
  private var t = 0

  /// Creates the optimiser with empty moments.
  public init(beta1: Double = 0.99, beta2: Double = 0.9, epsilon: Double = 1e-8) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  public mutating func step(_ parameters: inout ParameterSet, gradient: ParameterSet, learningRate: Double) {
    if m.isEmpty {
      m = gradient.tensors.map { [Double](repeating: 0, count: $0.values.count) }
      v = m
    }
    t += 1
    let c1 = 1 - pow(beta1, t)
    let c2 = 1 - pow(beta2, t)
    for k in parameters.tensors.indices {
      let g = gradient.tensors[k].values
      for i in g.indices {
        m[k][i] = beta1 * m[k][i] + (1 - beta1) * g[i]
        v[k][i] = beta2 * v[k][i] + (1 - beta2) * g[i] * g[i]
        parameters.tensors[k].values[i] -= learningRate * (m[k][i] / c1) / ((v[k][i] / c2).squareRoot() + epsilon)
      }
    }
  }
}

/// SGD with heavy-ball momentum, as PyTorch's `SGD(momentum=μ)`: v ← μv + g, θ ← θ − η·v (Nesterov's variant:
/// θ ← θ − η·(g + μv)).
public struct MomentumSGD: ParameterOptimizer {
  /// μ.
  public let momentum: Double
  /// Whether to use Nesterov's look-ahead form.
  public let nesterov: Bool
  private var velocity: [[Double]] = []

  /// Creates the optimiser with zero velocity.
  public init(momentum: Double = 0.9, nesterov: Bool = false) {
    self.momentum = momentum
    self.nesterov = nesterov
  }

  public mutating func step(_ parameters: inout ParameterSet, gradient: ParameterSet, learningRate: Double) {
    if velocity.isEmpty { velocity = gradient.tensors.map { [Double](repeating: 0, count: $0.values.count) } }
    for k in parameters.tensors.indices {
      let g = gradient.tensors[k].values
      for i in g.indices {
        velocity[k][i] = momentum * velocity[k][i] + g[i]
        let direction = nesterov ? g[i] + momentum * velocity[k][i] : velocity[k][i]
        parameters.tensors[k].values[i] -= learningRate * direction
      }
    }
  }
}

/// β^t for a positive integer t by repeated squaring (exact to round-off, no libm needed).
func pow(_ base: Double, _ exponent: Int) -> Double {
  var result = 1.0
  var b = base
  var e = exponent
  while e > 0 {
    if e & 1 == 1 { result *= b }
    b *= b
    e >>= 1
  }
  return result
}
