import LinearAlgebra

/// One layer's buffers in a ``GraphTransformerWorkspace``: its effective weights and what the backward pass needs
/// from its forward pass (D × N with N = graphs·n tokens, or n × n per graph), overwritten in place every step.
struct LayerCache {
  /// Masked P, Q, K, W and A = QᵀK (D × D).
  var p: Matrix
  var q: Matrix
  var k: Matrix
  var w: Matrix
  var a: Matrix
  /// Zᵀ entering the layer.
  var input: Matrix
  /// AᵀZᵀ (so the scores are S = UᵀX per graph).
  var u: Matrix
  /// P·Zᵀ.
  var v: Matrix
  /// The scores S_g = Z_g A Z_gᵀ, n × n per graph side by side (n × N).
  var scores: Matrix
  /// Zᵀ after the update, before the normalisation.
  var updated: Matrix
  /// The normalisation divisors, one per graph and block.
  var norms: [Double]

  /// Zero buffers for `width` features, `nodes` tokens per graph, `graphs` graphs and `blocks` normalisation blocks.
  init(width: Int, nodes n: Int, graphs: Int, blocks: Int) {
    let square = Matrix(rows: width, cols: width)
    let tokens = Matrix(rows: width, cols: graphs * n)
    (p, q, k, w, a) = (square, square, square, square, square)
    (input, u, v, updated) = (tokens, tokens, tokens, tokens)
    scores = Matrix(rows: n, cols: graphs * n)
    norms = [Double](repeating: 0, count: graphs * blocks)
    // Each buffer gets its own storage now, so the first in-place write does not copy.
    for m in [\LayerCache.p, \.q, \.k, \.w, \.a, \.input, \.u, \.v, \.updated] { self[keyPath: m].setZeroInPlace() }
  }
}

extension Matrix {
  /// Sets every entry to 0 in place (unshares the storage once).
  mutating func setZeroInPlace() {
    withUnsafeMutableBufferPointer { p in p.update(repeating: 0) }
  }
}
