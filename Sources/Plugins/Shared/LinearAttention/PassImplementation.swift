/// How ``LinearTransformer`` runs its batched forward and backward passes; both give the same values up to the
/// order of floating-point summation, and each is deterministic.
public enum PassImplementation: Sendable, Equatable {
  /// ``ModelKernel``: per-prompt products as small BLAS calls, the products with the shared P and Q as one `dgemm`
  /// over the batch.
  case batchedBLAS
  /// ``PromptKernel``: each prompt through every layer and back on fixed-size, allocation-free loops
  /// (``TinyBlocks``) over one reused flat workspace, touching only the rows the parametrisation can change; for the
  /// sparse parametrisation without full LFOM gates ``LabelRowKernel``, on the label row's coefficients.
  case tinyBlocks
}
