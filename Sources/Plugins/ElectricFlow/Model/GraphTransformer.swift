import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// The linear graph transformer of the official code (electric-flow.md §3.1), one head, rows = nodes:
///
///   S_ℓ = Z·A_ℓ·Zᵀ with A_ℓ = Q_ℓᵀK_ℓ,   Z ← Z + (1/n)·S_ℓᵀ·Z·P_ℓᵀ + Z·W_ℓᵀ,
///
/// followed by the block normalisation. No softmax, no mask over tokens. Each layer owns four D × D tensors
/// `P.ℓ`, `Q.ℓ`, `K.ℓ`, `W.ℓ` (the code's (layers, heads, 5, D, D) tensor without its eigenvector-only fifth block).
///
/// Zᵀ of a whole batch is one D × (count·n) matrix, so AᵀZᵀ, P·Zᵀ, W·Zᵀ and every weight gradient are single
/// `dgemm`s; only the per-graph n × n scores and their products are small fixed loops. The backward pass is
/// analytic (checked against central differences in the tests).
struct GraphTransformer: Sendable {
  let configuration: GraphTransformerConfiguration
  var weights: ParameterSet
  /// The 0/1 masks of P, Q, K, W, or nil.
  private let masks: (p: [Double], q: [Double], k: [Double], w: [Double])?

  /// How the weights start (electric-flow.md §3.1, §7).
  enum Initialisation: String, Sendable, CaseIterable {
    /// P = 0, Q = K = I, W = 0 (the plotting notebook, the older electric cell, the eigenvector notebook).
    case structured
    /// Every entry N(0, σ²) with σ = 0.1 (the current electric notebook's `allparam.normal_(0, 0.1)`).
    case normal
  }

  /// A model with the given weights (names and shapes checked).
  init(configuration: GraphTransformerConfiguration, weights: ParameterSet) throws {
    try configuration.validate()
    let width = configuration.width
    let expected = Self.names(layers: configuration.layers)
    guard weights.tensors.map(\.name) == expected,
      weights.tensors.allSatisfy({ $0.rows == width && $0.cols == width })
    else {
      throw PluginError(
        .invalidArgument,
        "graph-transformer weights must be \(configuration.layers) layers of P, Q, K, W of size \(width)×\(width)")
    }
    self.configuration = configuration
    masks = configuration.mask.masks(
      layout: configuration.layout, edges: configuration.edges, demands: configuration.demands)
    self.weights = weights
  }

  /// A freshly initialised model; `normal` draws its entries from `rng` layer by layer in the order P, Q, K, W.
  init(
    configuration: GraphTransformerConfiguration, initialisation: Initialisation, std: Double,
    rng: inout CatalogueRandom
  ) throws {
    let width = configuration.width
    var tensors: [ParameterTensor] = []
    for name in Self.names(layers: configuration.layers) {
      var values: [Double]
      switch initialisation {
      case .normal:
        values = rng.normals(width * width).map { $0 * std }
      case .structured:
        values = [Double](repeating: 0, count: width * width)
        if name.hasPrefix("Q.") || name.hasPrefix("K.") { for i in 0..<width { values[i + i * width] = 1 } }
      }
      tensors.append(ParameterTensor(name: name, rows: width, cols: width, values: values))
    }
    try self.init(configuration: configuration, weights: ParameterSet(tensors))
  }

  /// Tensor names in storage order: P.0, Q.0, K.0, W.0, P.1, …
  static func names(layers: Int) -> [String] {
    (0..<layers).flatMap { l in ["P", "Q", "K", "W"].map { "\($0).\(l)" } }
  }

  /// The effective (masked) P, Q, K, W of layer `l`.
  private func effective(_ l: Int) -> (p: Matrix, q: Matrix, k: Matrix, w: Matrix) {
    let width = configuration.width
    func tensor(_ index: Int, _ mask: [Double]?) -> Matrix {
      var values = weights.tensors[4 * l + index].values
      if let mask { for i in values.indices { values[i] *= mask[i] } }
      return Matrix(rows: width, cols: width, elements: values)
    }
    return (tensor(0, masks?.p), tensor(1, masks?.q), tensor(2, masks?.k), tensor(3, masks?.w))
  }

  // MARK: Tokens

  /// Zᵀ₀ of `batch` (D × count·n): each node's row of B, then its demands in the layout's rows.
  func input(_ batch: GraphBatch) -> [Double] {
    let (n, d, k, width) = (batch.nodes, batch.edges, batch.demandColumns, configuration.width)
    let demandRow = configuration.layout.demandRow(edges: d, demands: k)
    var x = [Double](repeating: 0, count: width * n * batch.count)
    for g in 0..<batch.count {
      for a in 0..<n {
        let column = (g * n + a) * width
        for e in 0..<d { x[column + e] = batch.incidence[g * n * d + a + e * n] }
        for c in 0..<k { x[column + demandRow + c] = batch.demands[g * n * k + a + c * n] }
      }
    }
    return x
  }

  /// Φ̂ of every graph (count × n × k, column-major per graph) from the final Zᵀ.
  func outputs(_ x: [Double], graphs: Int) -> [Double] {
    let (n, k, width) = (configuration.nodes, configuration.demands, configuration.width)
    let row = configuration.layout.outputRow(edges: configuration.edges, demands: k)
    var out = [Double](repeating: 0, count: graphs * n * k)
    for g in 0..<graphs {
      for a in 0..<n { for c in 0..<k { out[g * n * k + a + c * n] = x[(g * n + a) * width + row + c] } }
    }
    return out
  }

  // MARK: Forward

  /// Runs the layers on Zᵀ₀ and returns the final Zᵀ, with each layer's cache when `keep` (for the backward pass).
  func forward(_ x0: [Double], graphs: Int, keep: Bool = false) -> (output: [Double], caches: [LayerCache]) {
    let (n, width) = (configuration.nodes, configuration.width)
    let columns = graphs * n
    var x = x0
    var caches: [LayerCache] = []
    for l in 0..<configuration.layers {
      let (p, q, k, w) = effective(l)
      let xm = Matrix(rows: width, cols: columns, elements: x)
      let a = Matrix.product(q, k, transposeA: true)
      let u = Matrix.product(a, xm, transposeA: true).elements
      let v = Matrix.product(p, xm).elements
      var y = xm
      y.addProduct(w, xm)
      var updated = y.elements
      var scores = [Double](repeating: 0, count: graphs * n * n)
      BlockKernels.scores(u, x, into: &scores, width: width, nodes: n, graphs: graphs, scale: 1)
      BlockKernels.mix(v, scores, into: &updated, width: width, nodes: n, graphs: graphs, scale: 1 / Double(n))
      var next = updated
      var norms: [Double] = []
      if configuration.normalise { norms = normalise(&next, graphs: graphs) }
      if keep { caches.append(LayerCache(input: x, u: u, v: v, scores: scores, updated: updated, norms: norms)) }
      x = next
    }
    return (x, caches)
  }

  /// Divides each graph's normalisation blocks by their norms in place; returns the norms (graph-major).
  private func normalise(_ x: inout [Double], graphs: Int) -> [Double] {
    let (n, width) = (configuration.nodes, configuration.width)
    let blocks = configuration.layout.normalisationBlocks(edges: configuration.edges, demands: configuration.demands)
    var norms: [Double] = []
    norms.reserveCapacity(graphs * blocks.count)
    x.withUnsafeMutableBufferPointer { p in
      for g in 0..<graphs {
        for (rows, epsilon) in blocks {
          var sum = 0.0
          for a in 0..<n {
            let column = (g * n + a) * width
            for i in rows { sum += (p[column + i] + epsilon) * (p[column + i] + epsilon) }
          }
          let r = sum.squareRoot()
          let inverse = 1 / r
          for a in 0..<n {
            let column = (g * n + a) * width
            for i in rows { p[column + i] *= inverse }
          }
          norms.append(r)
        }
      }
    }
    return norms
  }

  // MARK: Loss and backward

  /// Per-graph scale-invariant losses of the model on `batch` against `targets` (count × n × k).
  func losses(_ batch: GraphBatch, targets: [Double]) -> [Double] {
    let out = outputs(forward(input(batch), graphs: batch.count).output, graphs: batch.count)
    let size = batch.nodes * batch.demandColumns
    return out.withUnsafeBufferPointer { o in
      targets.withUnsafeBufferPointer { t in
        (0..<batch.count).map { g in
          ScaleInvariantLoss.graphLoss(
            UnsafeBufferPointer(rebasing: o[(g * size)..<((g + 1) * size)]),
            UnsafeBufferPointer(rebasing: t[(g * size)..<((g + 1) * size)]), epsilon: ScaleInvariantLoss.epsilon)
        }
      }
    }
  }

  /// The batch-mean scale-invariant loss, the per-graph losses and the gradient of the mean with respect to every
  /// weight.
  func lossAndGradient(_ batch: GraphBatch, targets: [Double]) -> (losses: [Double], gradient: ParameterSet) {
    let graphs = batch.count
    let (n, k, width) = (configuration.nodes, configuration.demands, configuration.width)
    let (x, caches) = forward(input(batch), graphs: graphs, keep: true)
    let row = configuration.layout.outputRow(edges: configuration.edges, demands: k)
    var dx = [Double](repeating: 0, count: x.count)
    var losses: [Double] = []
    losses.reserveCapacity(graphs)
    for g in 0..<graphs {
      var oo = 0.0
      var tt = 0.0
      for a in 0..<n {
        for c in 0..<k {
          let o = x[(g * n + a) * width + row + c]
          let t = targets[g * n * k + a + c * n]
          oo += o * o
          tt += t * t
        }
      }
      let (r, rt) = (oo.squareRoot(), tt.squareRoot())
      let rho = ScaleInvariantLoss.epsilon + r
      var loss = 0.0
      var projection = 0.0
      for a in 0..<n {
        for c in 0..<k {
          let o = x[(g * n + a) * width + row + c]
          let diff = o / rho - targets[g * n * k + a + c * n] / rt
          loss += diff * diff
          projection += 2 * diff * o
        }
      }
      losses.append(loss)
      // With u = Φ̂/ρ, ρ = ε + ‖Φ̂‖ and h = 2(u − T̂): ∂loss/∂Φ̂ = h/ρ − ⟨h, Φ̂⟩·Φ̂/(‖Φ̂‖ρ²) (the second term is 0 at
      // Φ̂ = 0); divided by the batch size for the mean.
      let radial = r > 0 ? projection / (r * rho * rho) : 0
      let batchScale = 1 / Double(graphs)
      for a in 0..<n {
        for c in 0..<k {
          let index = (g * n + a) * width + row + c
          let h = 2 * (x[index] / rho - targets[g * n * k + a + c * n] / rt)
          dx[index] = (h / rho - radial * x[index]) * batchScale
        }
      }
    }
    var gradient = weights
    for l in stride(from: configuration.layers - 1, through: 0, by: -1) {
      let (dp, dq, dk, dw) = backward(layer: l, cache: caches[l], dOutput: &dx, graphs: graphs)
      gradient.tensors[4 * l].values = dp
      gradient.tensors[4 * l + 1].values = dq
      gradient.tensors[4 * l + 2].values = dk
      gradient.tensors[4 * l + 3].values = dw
    }
    return (losses, gradient)
  }

  /// Back-propagates through layer `l`: on entry `dx` is ∂loss/∂(layer output), on exit ∂loss/∂(layer input).
  /// Returns the (masked) gradients of P, Q, K, W. Rows = features (Zᵀ), G = ∂/∂(update), per graph:
  /// ∂W = G·Xᵀ; ∂S = (1/n)·Vᵀ·G; ∂V = (1/n)·G·Sᵀ; ∂P = ∂V·Xᵀ; ∂A = X·∂S·Xᵀ; ∂Q = K·∂Aᵀ; ∂K = Q·∂A;
  /// ∂X = G + Wᵀ·G + Pᵀ·∂V + A·X·∂Sᵀ + Aᵀ·X·∂S.
  private func backward(layer l: Int, cache: LayerCache, dOutput dx: inout [Double], graphs: Int)
    -> (p: [Double], q: [Double], k: [Double], w: [Double])
  {
    let (n, width) = (configuration.nodes, configuration.width)
    let columns = graphs * n
    if configuration.normalise { normaliseBackward(&dx, updated: cache.updated, norms: cache.norms, graphs: graphs) }
    let (p, q, k, w) = effective(l)
    let xm = Matrix(rows: width, cols: columns, elements: cache.input)
    let gm = Matrix(rows: width, cols: columns, elements: dx)
    let dW = Matrix.product(gm, xm, transposeB: true)
    var dX = gm
    dX.addProduct(w, gm, transposeA: true)
    var dS = [Double](repeating: 0, count: graphs * n * n)
    BlockKernels.scores(cache.v, dx, into: &dS, width: width, nodes: n, graphs: graphs, scale: 1 / Double(n))
    var dV = [Double](repeating: 0, count: width * columns)
    BlockKernels.mix(
      dx, cache.scores, into: &dV, width: width, nodes: n, graphs: graphs, scale: 1 / Double(n), transposeS: true)
    let dVm = Matrix(rows: width, cols: columns, elements: dV)
    let dP = Matrix.product(dVm, xm, transposeB: true)
    dX.addProduct(p, dVm, transposeA: true)
    let a = Matrix.product(q, k, transposeA: true)
    let t = Matrix.product(a, xm).elements
    var dXe = dX.elements
    BlockKernels.mix(t, dS, into: &dXe, width: width, nodes: n, graphs: graphs, scale: 1, transposeS: true)
    BlockKernels.mix(cache.u, dS, into: &dXe, width: width, nodes: n, graphs: graphs, scale: 1)
    var m = [Double](repeating: 0, count: width * columns)
    BlockKernels.mix(cache.input, dS, into: &m, width: width, nodes: n, graphs: graphs, scale: 1)
    let dA = Matrix.product(Matrix(rows: width, cols: columns, elements: m), xm, transposeB: true)
    let dQ = Matrix.product(k, dA, transposeB: true)
    let dK = Matrix.product(q, dA)
    dx = dXe
    func masked(_ g: Matrix, _ mask: [Double]?) -> [Double] {
      guard let mask else { return g.elements }
      return zip(g.elements, mask).map { $0 * $1 }
    }
    return (masked(dP, masks?.p), masked(dQ, masks?.q), masked(dK, masks?.k), masked(dW, masks?.w))
  }

  /// ∂/∂y of y/r(y), r = ‖y + ε‖ per graph and block: g/r − ⟨g, y⟩·(y + ε)/r³, in place.
  private func normaliseBackward(_ dx: inout [Double], updated y: [Double], norms: [Double], graphs: Int) {
    let (n, width) = (configuration.nodes, configuration.width)
    let blocks = configuration.layout.normalisationBlocks(edges: configuration.edges, demands: configuration.demands)
    y.withUnsafeBufferPointer { y in
      dx.withUnsafeMutableBufferPointer { dx in
        for g in 0..<graphs {
          for (b, (rows, epsilon)) in blocks.enumerated() {
            let r = norms[g * blocks.count + b]
            var dot = 0.0
            for a in 0..<n {
              let column = (g * n + a) * width
              for i in rows { dot += dx[column + i] * y[column + i] }
            }
            let c = dot / (r * r * r)
            let inverse = 1 / r
            for a in 0..<n {
              let column = (g * n + a) * width
              for i in rows { dx[column + i] = dx[column + i] * inverse - c * (y[column + i] + epsilon) }
            }
          }
        }
      }
    }
  }
}
