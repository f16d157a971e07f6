/// Which entries of the value matrix P and the key–query matrix Q a layer learns
/// (common-incontext-regression.md §4). Each paper uses a different one, so the model supports all three.
public enum AttentionParametrisation: String, Sendable, CaseIterable {
  /// (a) "P₀": P = [[0, 0], [0, 1]] fixed, Q = −[[A, 0], [0, 0]]. An L-layer model is exactly L steps of
  /// preconditioned GD w ← w − Aᵀ∇R(w) (the equivalence lemma, §5); Memformers use it.
  case sparse
  /// (b) the code's `Transformer_F`: P = [[B, 0], [0, 1]], Q = [[A, 0], [0, 0]]; the covariates are updated too
  /// (a "GD++" curvature correction).
  case valueKey = "value-key"
  /// (c) full (d+1)×(d+1) P and Q.
  case unconstrained

  /// Whether P has a learned block.
  public var learnsValue: Bool { self != .sparse }
}

/// The shape of a learned d×d block: a full matrix, or a multiple of the identity.
///
/// Memformer's Figure 1(a) restricts the preconditioners to A = a·I ("without preconditioning"); the official code
/// projects Q onto mean(diag)·I after every step, here the scalar is the parameter itself (same model class).
public enum BlockShape: String, Sendable, CaseIterable {
  /// A learned d×d matrix.
  case full
  /// a·I with a learned scalar a.
  case scalar
}
