import CatalogueSDK

/// The shape of a linear graph transformer: layout, graph size, depth, mask and whether the block normalisation runs.
struct GraphTransformerConfiguration: Sendable, Equatable {
  var layout: TokenLayout
  /// Nodes n (tokens per graph).
  var nodes: Int
  /// Edges d (incidence columns).
  var edges: Int
  /// Demand columns k (= n in the paper).
  var demands: Int
  /// Layers L.
  var layers: Int
  var mask: WeightMask
  /// Whether each layer ends with the block normalisation of §3.1 (always on in the official code).
  var normalise: Bool
  /// Whether the normalisation divides by the exact block norms, without the code's 1e-6 inside them: only the
  /// subspace-iteration construction sets it, so that its column normalisation is exactly the QR step's.
  var exactNormalisation = false
  /// Whether the model owns a learned initial Φ₀ (n × 2k, tensor `Phi0`) added to the [Φ₁ | Φ₂] rows of every graph's
  /// tokens: the eigenvector notebook's `allparam[0, 0, 4, 0:n, 0:2n]` (electric-flow.md §2), eigenvector layout only.
  var learnedInitial = false

  /// Token width D.
  var width: Int { layout.width(edges: edges, demands: demands) }

  /// The normalisation blocks of the layout, with ε = 0 when `exactNormalisation`.
  var normalisationBlocks: [(rows: Range<Int>, epsilon: Double)] {
    let blocks = layout.normalisationBlocks(edges: edges, demands: demands)
    return exactNormalisation ? blocks.map { ($0.rows, 0) } : blocks
  }

  /// Throws when the combination does not exist in the code (the sparse mask is stack-only there).
  func validate() throws {
    guard layers >= 1 else { throw PluginError(.invalidArgument, "layers must be at least 1") }
    if learnedInitial && layout != .eigenvectors {
      throw PluginError(.invalidArgument, "a learned initial Φ₀ exists only in the eigenvector layout")
    }
    if mask == .sparse && layout != .stack {
      throw PluginError(
        .invalidArgument, "pb_zero=sparse-mask exists only for layout=stack (the code asserts False otherwise)")
    }
  }
}
