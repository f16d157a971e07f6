import LinearAlgebra

/// Every buffer one forward and backward pass of a ``GraphTransformer`` needs for batches of `graphs` graphs,
/// allocated once and reused step after step. Fresh D × N buffers per layer cost page faults on every step (about a
/// quarter of the step time before the workspace existed); with it a training step allocates only O(graphs) scalars.
struct GraphTransformerWorkspace {
  let graphs: Int
  /// One per layer.
  var caches: [LayerCache]
  /// Zᵀ after the last layer.
  var output: Matrix
  /// ∂loss/∂(the current layer's output) during the backward pass, and ∂loss/∂(its input) being built.
  var gradient: Matrix
  var inputGradient: Matrix
  /// Backward temporaries (D × N): ∂V, A·X and X·∂S per graph.
  var dV: Matrix
  var ax: Matrix
  var xdS: Matrix
  /// ∂S, n × n per graph side by side.
  var dS: Matrix
  /// ∂W, ∂P, ∂A, ∂Q, ∂K of the current layer (D × D).
  var dW: Matrix
  var dP: Matrix
  var dA: Matrix
  var dQ: Matrix
  var dK: Matrix

  init(configuration c: GraphTransformerConfiguration, graphs: Int) {
    self.graphs = graphs
    let (width, n) = (c.width, c.nodes)
    let blocks = c.normalisationBlocks.count
    caches = (0..<c.layers).map { _ in LayerCache(width: width, nodes: n, graphs: graphs, blocks: blocks) }
    func tokens() -> Matrix {
      var m = Matrix(rows: width, cols: graphs * n)
      m.setZeroInPlace()
      return m
    }
    func square() -> Matrix {
      var m = Matrix(rows: width, cols: width)
      m.setZeroInPlace()
      return m
    }
    (output, gradient, inputGradient, dV, ax, xdS) = (tokens(), tokens(), tokens(), tokens(), tokens(), tokens())
    dS = Matrix(rows: n, cols: graphs * n)
    dS.setZeroInPlace()
    (dW, dP, dA, dQ, dK) = (square(), square(), square(), square(), square())
  }
}
