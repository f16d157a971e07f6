/// The two meanings of the code's "PB = zero" (electric-flow.md §3.1, §9), plus no mask.
///
/// Masked entries are zero in the effective weights of the forward pass and in the gradient, so training never
/// moves them and a loaded weights file cannot switch them back on.
enum WeightMask: String, Sendable, CaseIterable {
  /// Every entry of P, Q, K, W free (the code's `PB: 'all'`).
  case none
  /// Freeze B: the rows of P and W that write into the B block are zero, so B is never updated (the plotting
  /// notebook's class; what the stored single-block "PB = zero" rows use). Q and K stay free.
  case freezeB = "freeze-b"
  /// The current training cell's sparse-construction mask (stack only): Q, K and P zero on the demand block's rows
  /// and columns, W non-zero only in the block mapping demands to output.
  case sparse = "sparse-mask"

  /// The 0/1 masks of (P, Q, K, W), column-major D × D, or nil for no mask.
  func masks(layout: TokenLayout, edges d: Int, demands k: Int) -> (p: [Double], q: [Double], k: [Double], w: [Double])?
  {
    let width = layout.width(edges: d, demands: k)
    let ones = [Double](repeating: 1, count: width * width)
    switch self {
    case .none:
      return nil
    case .freezeB:
      var p = ones
      for j in 0..<width { for i in 0..<d { p[i + j * width] = 0 } }
      return (p, ones, ones, p)
    case .sparse:
      let demand = layout.demandRow(edges: d, demands: k)..<(layout.demandRow(edges: d, demands: k) + k)
      var qk = ones
      for j in 0..<width {
        for i in 0..<width where demand.contains(i) || demand.contains(j) { qk[i + j * width] = 0 }
      }
      let output = layout.outputRow(edges: d, demands: k)
      var w = [Double](repeating: 0, count: width * width)
      for j in demand { for i in output..<(output + k) { w[i + j * width] = 1 } }
      return (qk, qk, qk, w)
    }
  }
}
