/// What the backward pass needs from one layer's forward pass (all D × N or n × n per graph, flat).
struct LayerCache {
  /// Zᵀ entering the layer.
  var input: [Double]
  /// AᵀZᵀ with A = QᵀK (so the scores are S = UᵀX per graph).
  var u: [Double]
  /// P·Zᵀ.
  var v: [Double]
  /// The scores S_g = Z_g A Z_gᵀ, n × n per graph.
  var scores: [Double]
  /// Zᵀ after the update, before the normalisation.
  var updated: [Double]
  /// The normalisation divisors, one per graph and block (empty when the normalisation is off).
  var norms: [Double]
}
