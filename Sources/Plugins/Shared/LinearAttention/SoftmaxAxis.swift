/// Which axis of the (key i, query j) score table a softmax attention normalises (functional-gd.md §2.1, §6).
///
/// The spec's default normalises each query's column over the n context keys, so the weights a query gives the
/// context sum to 1 and the query never weighs itself. The unofficial reproduction normalises each key's row over
/// all n + 1 query columns instead; both are offered and a run records which it used.
public enum SoftmaxAxis: String, Sendable, CaseIterable {
  /// For each query j, Σ_{i≤n} hᵢⱼ = 1 (the spec's default).
  case keys
  /// For each context key i, Σ_{j≤n+1} hᵢⱼ = 1 (the unofficial `model.py`).
  case queries
}
