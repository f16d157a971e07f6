import Glibc

/// The attention non-linearity h of a kernel-attention layer (functional-gd.md §2.1): the layer weighs value token i
/// for query token j by h applied to the score sᵢⱼ = α·⟨B·xᵢ, C·xⱼ⟩.
///
/// linear, relu and exp act entry by entry and are the kernels K(u, v) = h(⟨u, v⟩) whose RKHS the layer performs
/// functional gradient descent in (Proposition 3.1); softmax normalises exp over one axis of the score table
/// (``SoftmaxAxis``) and is the usual transformer attention.
public enum AttentionNonlinearity: String, Sendable, CaseIterable {
  /// h(s) = s.
  case linear
  /// h(s) = max(s, 0).
  case relu
  /// h(s) = eˢ.
  case exp
  /// h = exp normalised over the context keys (or over the queries, ``SoftmaxAxis``).
  case softmax

  /// The entrywise h(s) (for softmax the unnormalised eˢ).
  @inline(__always)
  public func callAsFunction(_ s: Double) -> Double {
    switch self {
    case .linear: s
    case .relu: s > 0 ? s : 0
    case .exp, .softmax: Glibc.exp(s)
    }
  }

  /// The kernel K(u, v) = h(α·⟨u, v⟩) of two points (the entrywise non-linearities only).
  public func kernel(_ u: [Double], _ v: [Double], scale: Double = 1) -> Double {
    precondition(u.count == v.count, "kernel arguments differ in dimension")
    precondition(self != .softmax, "softmax is not a pointwise kernel")
    var dot = 0.0
    for i in u.indices { dot += u[i] * v[i] }
    return self(scale * dot)
  }
}
