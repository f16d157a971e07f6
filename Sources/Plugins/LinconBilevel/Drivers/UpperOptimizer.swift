import CatalogueSDK
import Glibc

/// The upper-level update of the official code (spec §5.3, §7.3): `torch.optim.Adam` (the latest `main.py`) or
/// `torch.optim.SGD` (an older version), both with learning rate 1e-3, fed the hypergradient estimate, with
/// optional coordinate-wise clipping to [−c, c] (the bilinear script's `clamp`, spec §5.2).
struct UpperOptimizer {
  /// Which update.
  enum Kind: String, CaseIterable {
    case adam
    case sgd
  }

  let kind: Kind
  let learningRate: Double
  let beta1: Double
  let beta2: Double
  let epsilon: Double
  /// Clip each coordinate of the gradient to [−clip, clip]; 0 for none.
  let clip: Double
  private var m: [Double]
  private var v: [Double]
  private var t = 0

  /// Parameters shared by every algorithm driven by Adam or SGD.
  static let parameters: [Parameter] = [
    .choice(
      "optimizer", default: "adam", choices: Kind.allCases.map(\.rawValue),
      help: "upper-level update: adam (latest official main.py) or sgd (older version)"),
    .real("learning_rate", default: 1e-3, above: 0, logScale: true, help: "upper-level step size (code: 1e-3)"),
    .real("beta1", default: 0.9, min: 0, below: 1, help: "Adam first-moment decay β₁"),
    .real("beta2", default: 0.999, min: 0, below: 1, help: "Adam second-moment decay β₂"),
    .real("adam_epsilon", default: 1e-8, above: 0, logScale: true, help: "Adam denominator guard ε"),
    .real("clip", default: 0, min: 0, help: "clip gradient coordinates to [−clip, clip] (0: off; bilinear code: 1)"),
  ]

  /// Reads the shared parameters.
  init(_ parameters: ParameterValues, dimension: Int) throws {
    guard let kind = Kind(rawValue: try parameters.string("optimizer")) else {
      throw PluginError(.invalidArgument, "optimizer must be adam or sgd")
    }
    self.kind = kind
    learningRate = try parameters.real("learning_rate")
    beta1 = try parameters.real("beta1")
    beta2 = try parameters.real("beta2")
    epsilon = try parameters.real("adam_epsilon")
    clip = try parameters.real("clip")
    m = [Double](repeating: 0, count: dimension)
    v = m
  }

  /// x ← x − step(gradient), as `optimizer.step()` after `x.grad = gradient`.
  mutating func step(_ x: inout [Double], gradient: [Double]) {
    t += 1
    let g = clip > 0 ? gradient.map { min(max($0, -clip), clip) } : gradient
    switch kind {
    case .sgd:
      for i in x.indices { x[i] -= learningRate * g[i] }
    case .adam:
      let c1 = 1 - pow(beta1, Double(t))
      let c2 = 1 - pow(beta2, Double(t))
      for i in x.indices {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        x[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
      }
    }
  }
}
