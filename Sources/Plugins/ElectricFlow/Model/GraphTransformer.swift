import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// The linear graph transformer of the official code (electric-flow.md §3.1), one head, rows = nodes:
///
///   S_ℓ = Z·A_ℓ·Zᵀ with A_ℓ = Q_ℓᵀK_ℓ,   Z ← Z + (1/n)·S_ℓᵀ·Z·P_ℓᵀ + Z·W_ℓᵀ,
///
/// followed by the block normalisation. No softmax, no mask over tokens. Each layer owns four D × D tensors
/// `P.ℓ`, `Q.ℓ`, `K.ℓ`, `W.ℓ` (the code's (layers, heads, 5, D, D) tensor without its fifth block); a model of the
/// eigenvector layout with `learnedInitial` also owns `Phi0` (n × 2k), the part of that fifth block the eigenvector
/// notebook uses as the learned initial [Φ₁ | Φ₂].
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
    let expected = Self.names(layers: configuration.layers, learnedInitial: configuration.learnedInitial)
    let initialShape = (configuration.nodes, 2 * configuration.demands)
    guard weights.tensors.map(\.name) == expected,
      weights.tensors.allSatisfy({
        $0.name == Self.initialName
          ? ($0.rows, $0.cols) == initialShape : $0.rows == width && $0.cols == width
      })
    else {
      throw PluginError(
        .invalidArgument,
        "graph-transformer weights must be \(configuration.layers) layers of P, Q, K, W of size \(width)×\(width)"
          + (configuration.learnedInitial ? " and Phi0 of size \(initialShape.0)×\(initialShape.1)" : ""))
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
    for name in Self.names(layers: configuration.layers, learnedInitial: false) {
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
    if configuration.learnedInitial {
      // Φ₀ is N(0, σ²) under either initialisation, as the notebook's fifth block keeps its `normal_(0, var)`.
      let (n, columns) = (configuration.nodes, 2 * configuration.demands)
      tensors.append(
        ParameterTensor(
          name: Self.initialName, rows: n, cols: columns, values: rng.normals(n * columns).map { $0 * std }))
    }
    try self.init(configuration: configuration, weights: ParameterSet(tensors))
  }

  /// The name of the learned initial Φ₀ tensor, stored after the layers.
  static let initialName = "Phi0"

  /// Tensor names in storage order: P.0, Q.0, K.0, W.0, P.1, …, then Phi0 when the model has it.
  static func names(layers: Int, learnedInitial: Bool = false) -> [String] {
    (0..<layers).flatMap { l in ["P", "Q", "K", "W"].map { "\($0).\(l)" } } + (learnedInitial ? [initialName] : [])
  }

  /// Writes the effective (masked) P, Q, K, W of layer `l` and A = QᵀK into `cache`.
  private func loadWeights(layer l: Int, into cache: inout LayerCache) {
    func load(_ index: Int, _ mask: [Double]?, _ out: inout Matrix) {
      let values = weights.tensors[4 * l + index].values
      out.withUnsafeMutableBufferPointer { o in
        if let mask {
          for i in 0..<o.count { o[i] = values[i] * mask[i] }
        } else {
          for i in 0..<o.count { o[i] = values[i] }
        }
      }
    }
    load(0, masks?.p, &cache.p)
    load(1, masks?.q, &cache.q)
    load(2, masks?.k, &cache.k)
    load(3, masks?.w, &cache.w)
    let (q, k) = (cache.q, cache.k)
    cache.a.addProduct(q, k, transposeA: true, beta: 0)
  }

  // MARK: Tokens

  /// Zᵀ₀ of `batch` (D × count·n): each node's row of B, then its demands in the layout's rows.
  func input(_ batch: GraphBatch) -> [Double] {
    var x = [Double](repeating: 0, count: configuration.width * batch.nodes * batch.count)
    x.withUnsafeMutableBufferPointer { fillInput(batch, into: $0) }
    return x
  }

  /// Writes Zᵀ₀ of `batch` into `x` (all of it, zeros included). The eigenvector layout takes no demands: its
  /// [Φ₁ | Φ₂] rows start as the learned Φ₀ (zero without one).
  private func fillInput(_ batch: GraphBatch, into x: UnsafeMutableBufferPointer<Double>) {
    let (n, d, k, width) = (batch.nodes, batch.edges, batch.demandColumns, configuration.width)
    if configuration.layout == .eigenvectors {
      let initial = configuration.learnedInitial ? weights.tensors.last!.values : nil
      x.update(repeating: 0)
      batch.incidence.withUnsafeBufferPointer { b in
        for g in 0..<batch.count {
          for a in 0..<n {
            let column = (g * n + a) * width
            for e in 0..<d { x[column + e] = b[g * n * d + a + e * n] }
            if let initial { for c in 0..<(2 * k) { x[column + d + c] = initial[a + c * n] } }
          }
        }
      }
      return
    }
    let demandRow = configuration.layout.demandRow(edges: d, demands: k)
    x.update(repeating: 0)
    batch.incidence.withUnsafeBufferPointer { b in
      batch.demands.withUnsafeBufferPointer { psi in
        for g in 0..<batch.count {
          for a in 0..<n {
            let column = (g * n + a) * width
            for e in 0..<d { x[column + e] = b[g * n * d + a + e * n] }
            for c in 0..<k { x[column + demandRow + c] = psi[g * n * k + a + c * n] }
          }
        }
      }
    }
  }

  /// Zᵀ₀ of the eigenvector layout: each node's row of B, then row a of the initial [Φ₁ | Φ₂] (`initial`, n × 2k,
  /// column-major), the same for every graph as the notebook's learned Φ₀ is.
  func eigenvectorInput(_ batch: GraphBatch, initial: [Double]) -> [Double] {
    let (n, d, k, width) = (batch.nodes, batch.edges, batch.demandColumns, configuration.width)
    precondition(configuration.layout == .eigenvectors && initial.count == 2 * n * k, "eigenvectorInput shapes")
    var x = [Double](repeating: 0, count: width * n * batch.count)
    for g in 0..<batch.count {
      for a in 0..<n {
        let column = (g * n + a) * width
        for e in 0..<d { x[column + e] = batch.incidence[g * n * d + a + e * n] }
        for c in 0..<(2 * k) { x[column + d + c] = initial[a + c * n] }
      }
    }
    return x
  }

  /// The model made of layers `range` of this one (the same configuration with fewer layers); it keeps the learned
  /// Φ₀ only when it starts at layer 0.
  func layers(_ range: Range<Int>) throws -> GraphTransformer {
    var configuration = configuration
    configuration.layers = range.count
    let keepsInitial = configuration.learnedInitial && range.lowerBound == 0
    configuration.learnedInitial = keepsInitial
    var tensors = range.flatMap { l in
      (0..<4).map { s in
        let t = weights.tensors[4 * l + s]
        return ParameterTensor(
          name: Self.names(layers: range.count)[4 * (l - range.lowerBound) + s], rows: t.rows, cols: t.cols,
          values: t.values)
      }
    }
    if keepsInitial { tensors.append(weights.tensors.last!) }
    return try GraphTransformer(configuration: configuration, weights: ParameterSet(tensors))
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

  /// Writes Zᵀ₀ of `batch` into the workspace's first layer input.
  func writeInput(_ batch: GraphBatch, into workspace: inout GraphTransformerWorkspace) {
    precondition(batch.count == workspace.graphs, "the workspace is for \(workspace.graphs) graphs")
    workspace.caches[0].input.withUnsafeMutableBufferPointer { fillInput(batch, into: $0) }
  }

  /// Runs the layers on the Zᵀ₀ in `workspace.caches[0].input`, keeping every layer's cache, and leaves the final
  /// Zᵀ in `workspace.output`. Per layer: three `dgemm`s over the whole batch (AᵀX, P·X, X + W·X), the per-graph
  /// scores and their mix, the normalisation; nothing is allocated.
  func forward(_ workspace: inout GraphTransformerWorkspace) {
    let (n, graphs) = (configuration.nodes, workspace.graphs)
    let width = configuration.width
    for l in 0..<configuration.layers {
      loadWeights(layer: l, into: &workspace.caches[l])
      // Local references only to buffers this layer reads: holding one it writes would make the write copy it.
      let (x, a) = (workspace.caches[l].input, workspace.caches[l].a)
      let (p, w) = (workspace.caches[l].p, workspace.caches[l].w)
      workspace.caches[l].u.addProduct(a, x, transposeA: true, beta: 0)
      workspace.caches[l].v.addProduct(p, x, beta: 0)
      workspace.caches[l].updated.withUnsafeMutableBufferPointer { y in
        x.withUnsafeBufferPointer { y.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
      }
      workspace.caches[l].updated.addProduct(w, x)
      let (u, v) = (workspace.caches[l].u, workspace.caches[l].v)
      workspace.caches[l].scores.withUnsafeMutableBufferPointer { s in
        u.withUnsafeBufferPointer { u in
          x.withUnsafeBufferPointer { x in
            BlockKernels.scores(
              u.baseAddress!, x.baseAddress!, into: s.baseAddress!, width: width, nodes: n, graphs: graphs, scale: 1)
          }
        }
      }
      let scores = workspace.caches[l].scores
      workspace.caches[l].updated.withUnsafeMutableBufferPointer { y in
        v.withUnsafeBufferPointer { v in
          scores.withUnsafeBufferPointer { s in
            BlockKernels.mix(
              v.baseAddress!, s.baseAddress!, into: y.baseAddress!, width: width, nodes: n, graphs: graphs,
              scale: 1 / Double(n))
          }
        }
      }
      let updated = workspace.caches[l].updated
      // The norms leave the cache for the call (swapping moves the buffer, it copies nothing).
      var norms: [Double] = []
      swap(&norms, &workspace.caches[l].norms)
      if l + 1 < configuration.layers {
        normalise(updated, into: &workspace.caches[l + 1].input, norms: &norms, graphs: graphs)
      } else {
        normalise(updated, into: &workspace.output, norms: &norms, graphs: graphs)
      }
      swap(&norms, &workspace.caches[l].norms)
    }
  }

  /// The final Zᵀ of the layers run on Zᵀ₀ = `x0` (D × graphs·n): a one-off pass with its own workspace.
  func forward(_ x0: [Double], graphs: Int) -> [Double] {
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: graphs)
    workspace.caches[0].input = Matrix(rows: configuration.width, cols: graphs * configuration.nodes, elements: x0)
    forward(&workspace)
    return workspace.output.elements
  }

  /// out = y with each graph's normalisation blocks divided by their norms (out = y when the normalisation is off);
  /// the norms go to `norms` (graph-major).
  private func normalise(_ y: Matrix, into out: inout Matrix, norms: inout [Double], graphs: Int) {
    let (n, width) = (configuration.nodes, configuration.width)
    let blocks = configuration.normalisationBlocks
    let on = configuration.normalise
    y.withUnsafeBufferPointer { y in
      out.withUnsafeMutableBufferPointer { p in
        p.baseAddress!.update(from: y.baseAddress!, count: y.count)
        guard on else { return }
        norms.withUnsafeMutableBufferPointer { norms in
          for g in 0..<graphs {
            for (b, (rows, epsilon)) in blocks.enumerated() {
              var sum = 0.0
              for a in 0..<n {
                let column = (g * n + a) * width
                for i in rows { sum += (p[column + i] + epsilon) * (p[column + i] + epsilon) }
              }
              let r = sum.squareRoot()
              // A zero block without ε (Φ₁ of the subspace-iteration construction) stays zero.
              let inverse = r > 0 ? 1 / r : 0
              for a in 0..<n {
                let column = (g * n + a) * width
                for i in rows { p[column + i] *= inverse }
              }
              norms[g * blocks.count + b] = r
            }
          }
        }
      }
    }
  }

  // MARK: Loss and backward

  /// Per-graph scale-invariant losses of the model on `batch` against `targets` (count × n × k), in `workspace`.
  func losses(
    _ batch: GraphBatch, targets: [Double], workspace: inout GraphTransformerWorkspace
  ) -> [Double] {
    writeInput(batch, into: &workspace)
    forward(&workspace)
    let out = outputs(workspace.output.elements, graphs: batch.count)
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

  /// Per-graph scale-invariant losses with a one-off workspace.
  func losses(_ batch: GraphBatch, targets: [Double]) -> [Double] {
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batch.count)
    return losses(batch, targets: targets, workspace: &workspace)
  }

  /// The per-graph losses and the gradient of their mean with respect to every weight, with a one-off workspace.
  func lossAndGradient(_ batch: GraphBatch, targets: [Double]) -> (losses: [Double], gradient: ParameterSet) {
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batch.count)
    var gradient = weights
    let losses = lossAndGradient(batch, targets: targets, workspace: &workspace, gradient: &gradient)
    return (losses, gradient)
  }

  /// The batch's per-graph scale-invariant losses; writes the gradient of their mean with respect to every weight
  /// into `gradient` (the weights' layout), using `workspace` for every intermediate.
  func lossAndGradient(
    _ batch: GraphBatch, targets: [Double], workspace: inout GraphTransformerWorkspace, gradient: inout ParameterSet
  ) -> [Double] {
    let graphs = batch.count
    let (n, k, width) = (configuration.nodes, configuration.demands, configuration.width)
    writeInput(batch, into: &workspace)
    forward(&workspace)
    let row = configuration.layout.outputRow(edges: configuration.edges, demands: k)
    var losses = [Double](repeating: 0, count: graphs)
    let x = workspace.output
    workspace.gradient.withUnsafeMutableBufferPointer { dx in
      x.withUnsafeBufferPointer { x in
        targets.withUnsafeBufferPointer { targets in
          dx.update(repeating: 0)
          let batchScale = 1 / Double(graphs)
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
            losses[g] = loss
            // With u = Φ̂/ρ, ρ = ε + ‖Φ̂‖ and h = 2(u − T̂): ∂loss/∂Φ̂ = h/ρ − ⟨h, Φ̂⟩·Φ̂/(‖Φ̂‖ρ²) (the second term is 0
            // at Φ̂ = 0); divided by the batch size for the mean.
            let radial = r > 0 ? projection / (r * rho * rho) : 0
            for a in 0..<n {
              for c in 0..<k {
                let index = (g * n + a) * width + row + c
                let h = 2 * (x[index] / rho - targets[g * n * k + a + c * n] / rt)
                dx[index] = (h / rho - radial * x[index]) * batchScale
              }
            }
          }
        }
      }
    }
    backpropagate(&workspace, gradient: &gradient)
    return losses
  }

  /// Runs the backward pass from ∂loss/∂(final Zᵀ) in `workspace.gradient` and writes the gradient of every weight
  /// into `gradient`, masked; with a learned Φ₀, its gradient is the sum over graphs of ∂loss/∂Z₀ on the [Φ₁ | Φ₂]
  /// rows (one Φ₀ is added to every graph's tokens).
  private func backpropagate(_ workspace: inout GraphTransformerWorkspace, gradient: inout ParameterSet) {
    for l in stride(from: configuration.layers - 1, through: 0, by: -1) {
      backward(layer: l, workspace: &workspace)
      for (slot, d) in [workspace.dP, workspace.dQ, workspace.dK, workspace.dW].enumerated() {
        let mask: [Double]? =
          switch slot {
          case 0: masks?.p
          case 1: masks?.q
          case 2: masks?.k
          default: masks?.w
          }
        d.withUnsafeBufferPointer { d in
          gradient.tensors[4 * l + slot].values.withUnsafeMutableBufferPointer { out in
            if let mask {
              for i in 0..<out.count { out[i] = d[i] * mask[i] }
            } else {
              for i in 0..<out.count { out[i] = d[i] }
            }
          }
        }
      }
    }
    guard configuration.learnedInitial else { return }
    let (n, d, k, width, graphs) = (
      configuration.nodes, configuration.edges, configuration.demands, configuration.width, workspace.graphs
    )
    let dx = workspace.gradient
    let last = gradient.tensors.count - 1
    dx.withUnsafeBufferPointer { dx in
      gradient.tensors[last].values.withUnsafeMutableBufferPointer { out in
        out.update(repeating: 0)
        for g in 0..<graphs {
          for a in 0..<n {
            let column = (g * n + a) * width + d
            for c in 0..<(2 * k) { out[a + c * n] += dx[column + c] }
          }
        }
      }
    }
  }

  // MARK: Eigenvector loss

  /// The eigenvector notebook's per-graph ± losses (``EigenvectorLoss``, eigenvectors 2…n) of the output Φ₂ for
  /// `batch`, in `workspace`.
  func eigenvectorLosses(_ batch: GraphBatch, workspace: inout GraphTransformerWorkspace) -> [Double] {
    writeInput(batch, into: &workspace)
    forward(&workspace)
    let out = outputs(workspace.output.elements, graphs: batch.count)
    let (n, size) = (batch.nodes, batch.nodes * batch.nodes)
    let columns = EigenvectorLoss.scoredColumns(nodes: n)
    return out.withUnsafeBufferPointer { o in
      batch.eigenvectors.withUnsafeBufferPointer { v in
        (0..<batch.count).map { g in
          EigenvectorLoss.graphLoss(
            UnsafeBufferPointer(rebasing: o[(g * size)..<((g + 1) * size)]),
            UnsafeBufferPointer(rebasing: v[(g * size)..<((g + 1) * size)]), nodes: n, columns: columns)
        }
      }
    }
  }

  /// Per-graph ± losses with a one-off workspace.
  func eigenvectorLosses(_ batch: GraphBatch) -> [Double] {
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batch.count)
    return eigenvectorLosses(batch, workspace: &workspace)
  }

  /// The batch's per-graph ± eigenvector losses; writes the gradient of their mean with respect to every weight
  /// (Φ₀ included) into `gradient`, using `workspace` for every intermediate.
  func eigenvectorLossAndGradient(
    _ batch: GraphBatch, workspace: inout GraphTransformerWorkspace, gradient: inout ParameterSet
  ) -> [Double] {
    precondition(configuration.layout == .eigenvectors, "the ± eigenvector loss reads Φ₂ of the eigenvector layout")
    let graphs = batch.count
    let (n, k, width) = (configuration.nodes, configuration.demands, configuration.width)
    writeInput(batch, into: &workspace)
    forward(&workspace)
    let row = configuration.layout.outputRow(edges: configuration.edges, demands: k)
    let columns = EigenvectorLoss.scoredColumns(nodes: n)
    var losses = [Double](repeating: 0, count: graphs)
    let x = workspace.output
    let size = n * k
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * size) { scratch in
      let output = UnsafeMutableBufferPointer(rebasing: scratch[0..<size])
      let dOutput = UnsafeMutableBufferPointer(rebasing: scratch[size..<(2 * size)])
      workspace.gradient.withUnsafeMutableBufferPointer { dx in
        x.withUnsafeBufferPointer { x in
          batch.eigenvectors.withUnsafeBufferPointer { vectors in
            dx.update(repeating: 0)
            let batchScale = 1 / Double(graphs)
            for g in 0..<graphs {
              for a in 0..<n { for c in 0..<k { output[a + c * n] = x[(g * n + a) * width + row + c] } }
              losses[g] = EigenvectorLoss.graphLossAndGradient(
                UnsafeBufferPointer(output), UnsafeBufferPointer(rebasing: vectors[(g * n * n)..<((g + 1) * n * n)]),
                nodes: n, columns: columns, gradient: dOutput)
              for a in 0..<n {
                for c in 0..<k { dx[(g * n + a) * width + row + c] = dOutput[a + c * n] * batchScale }
              }
            }
          }
        }
      }
    }
    backpropagate(&workspace, gradient: &gradient)
    return losses
  }

  /// The per-graph ± losses and the gradient of their mean, with a one-off workspace.
  func eigenvectorLossAndGradient(_ batch: GraphBatch) -> (losses: [Double], gradient: ParameterSet) {
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batch.count)
    var gradient = weights
    let losses = eigenvectorLossAndGradient(batch, workspace: &workspace, gradient: &gradient)
    return (losses, gradient)
  }

  /// Back-propagates through layer `l`: on entry `workspace.gradient` is ∂loss/∂(layer output), on exit
  /// ∂loss/∂(layer input); leaves ∂P, ∂Q, ∂K, ∂W (unmasked) in the workspace. Rows = features (Zᵀ), G = ∂/∂(update),
  /// per graph: ∂W = G·Xᵀ; ∂S = (1/n)·Vᵀ·G; ∂V = (1/n)·G·Sᵀ; ∂P = ∂V·Xᵀ; ∂A = X·∂S·Xᵀ; ∂Q = K·∂Aᵀ; ∂K = Q·∂A;
  /// ∂X = G + Wᵀ·G + Pᵀ·∂V + A·X·∂Sᵀ + Aᵀ·X·∂S.
  private func backward(layer l: Int, workspace ws: inout GraphTransformerWorkspace) {
    let (n, width, graphs) = (configuration.nodes, configuration.width, ws.graphs)
    let cache = ws.caches[l]
    if configuration.normalise {
      normaliseBackward(&ws.gradient, updated: cache.updated, norms: cache.norms, graphs: graphs)
    }
    let (x, g) = (cache.input, ws.gradient)
    ws.dW.addProduct(g, x, transposeB: true, beta: 0)
    ws.inputGradient.withUnsafeMutableBufferPointer { d in
      g.withUnsafeBufferPointer { d.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
    }
    ws.inputGradient.addProduct(cache.w, g, transposeA: true)
    let scale = 1 / Double(n)
    g.withUnsafeBufferPointer { gp in
      let gp = gp.baseAddress!
      cache.v.withUnsafeBufferPointer { v in
        ws.dS.withUnsafeMutableBufferPointer { ds in
          BlockKernels.scores(
            v.baseAddress!, gp, into: ds.baseAddress!, width: width, nodes: n, graphs: graphs, scale: scale)
        }
      }
      cache.scores.withUnsafeBufferPointer { s in
        ws.dV.withUnsafeMutableBufferPointer { dv in
          BlockKernels.mix(
            gp, s.baseAddress!, into: dv.baseAddress!, width: width, nodes: n, graphs: graphs, scale: scale,
            transposeS: true, accumulate: false)
        }
      }
    }
    let dV = ws.dV
    ws.dP.addProduct(dV, x, transposeB: true, beta: 0)
    ws.inputGradient.addProduct(cache.p, dV, transposeA: true)
    ws.ax.addProduct(cache.a, x, beta: 0)
    let (ax, dS) = (ws.ax, ws.dS)
    dS.withUnsafeBufferPointer { ds in
      let ds = ds.baseAddress!
      ws.inputGradient.withUnsafeMutableBufferPointer { dx in
        let dx = dx.baseAddress!
        ax.withUnsafeBufferPointer {
          BlockKernels.mix(
            $0.baseAddress!, ds, into: dx, width: width, nodes: n, graphs: graphs, scale: 1, transposeS: true)
        }
        cache.u.withUnsafeBufferPointer {
          BlockKernels.mix($0.baseAddress!, ds, into: dx, width: width, nodes: n, graphs: graphs, scale: 1)
        }
      }
      ws.xdS.withUnsafeMutableBufferPointer { m in
        x.withUnsafeBufferPointer {
          BlockKernels.mix(
            $0.baseAddress!, ds, into: m.baseAddress!, width: width, nodes: n, graphs: graphs, scale: 1,
            accumulate: false)
        }
      }
    }
    let xdS = ws.xdS
    ws.dA.addProduct(xdS, x, transposeB: true, beta: 0)
    let dA = ws.dA
    ws.dQ.addProduct(cache.k, dA, transposeB: true, beta: 0)
    ws.dK.addProduct(cache.q, dA, beta: 0)
    swap(&ws.gradient, &ws.inputGradient)
  }

  /// ∂/∂y of y/r(y), r = ‖y + ε‖ per graph and block: g/r − ⟨g, y⟩·(y + ε)/r³, in place.
  private func normaliseBackward(_ dx: inout Matrix, updated y: Matrix, norms: [Double], graphs: Int) {
    let (n, width) = (configuration.nodes, configuration.width)
    let blocks = configuration.normalisationBlocks
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
