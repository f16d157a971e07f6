/// The scratch memory of ``PromptKernel`` and ``LabelRowKernel``: one flat buffer holding every intermediate of one prompt (reused for
/// each prompt of a batch) and the gradient accumulators of a batch.
///
/// It lives inside a ``TransformerWorkspace``, so a training loop that keeps one workspace per model allocates it
/// once; it grows when a model of a larger shape uses it and never shrinks.
struct PromptWorkspace: Sendable {
  var buffer: [Double] = []
  var accumulators: [Double] = []
  /// Whether the sparse parametrisation runs ``PromptKernel``'s row passes instead of ``LabelRowKernel`` (the tests
  /// compare the two).
  var rowPassesOnly = false

  /// Makes room for a kernel's layout.
  mutating func prepare(workspaceSize: Int, accumulatorSize: Int) {
    if buffer.count < workspaceSize { buffer = [Double](repeating: 0, count: workspaceSize) }
    if accumulators.count < accumulatorSize { accumulators = [Double](repeating: 0, count: accumulatorSize) }
  }
}
