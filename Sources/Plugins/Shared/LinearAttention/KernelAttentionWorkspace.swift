/// Reusable buffers for the forward and backward passes of a ``KernelAttentionTransformer``: the residual streams
/// Z₀ … Z_L and the attention tables H of every layer and head, one flat array each over the batch, plus per-prompt
/// scratch. A training loop keeps one per model, so steps allocate nothing once the batch size is fixed.
public struct KernelAttentionWorkspace {
  /// Z_ℓ of every prompt, (d+1)×(n+1) column-major, prompt after prompt.
  var states: [[Double]] = []
  /// H of layer ℓ, head h at index ℓ·heads + h: n×(n+1) column-major per prompt.
  var tables: [[Double]] = []
  /// Per-prompt scratch (B·X, C·X, X_c·H and their gradients).
  var scratch: [Double] = []

  /// Empty buffers, sized on first use.
  public init() {}

  /// Grows the buffers to hold `count` prompts of `kernel`'s shape.
  mutating func reserve(_ kernel: KernelAttentionKernel, count: Int) {
    let stateSize = (kernel.d + 1) * kernel.p * count
    let tableSize = kernel.n * kernel.p * count
    if states.count != kernel.layers + 1 || states[0].count < stateSize {
      states = [[Double]](repeating: [Double](repeating: 0, count: stateSize), count: kernel.layers + 1)
    }
    let tableCount = kernel.layers * kernel.heads
    if tables.count != tableCount || (tableCount > 0 && tables[0].count < tableSize) {
      tables = [[Double]](repeating: [Double](repeating: 0, count: tableSize), count: tableCount)
    }
    if scratch.count < kernel.scratchSize { scratch = [Double](repeating: 0, count: kernel.scratchSize) }
  }
}
