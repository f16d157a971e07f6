/// How a layer's attention output enters the residual stream (memformer.md §2.2–2.3).
///
/// Both memories are linear in the attention outputs Fⱼ = Attnⱼ(Zⱼ), so the backward pass stays analytic.
public enum MemoryKind: Sendable, Equatable {
  /// The plain linear transformer: Z_{ℓ+1} = Z_ℓ + F_ℓ.
  case none
  /// The CGD-like Memformer (Proposition 1): R_ℓ = F_ℓ + γ_ℓ·R_{ℓ−1} (R_{−1} = 0), Z_{ℓ+1} = Z_ℓ + α_ℓ·R_ℓ, with
  /// learned γ₁…γ_{L−1} (γ₀ multiplies R_{−1} = 0 and is omitted) and α_ℓ learned or fixed at 1 (the code fixes it).
  case conjugate(learnStep: Bool)
  /// The LFOM Memformer (Proposition 2): Z_{ℓ+1} = Z_ℓ + Σ_{j≤ℓ} Γ_j^{(ℓ)} ⊙ F_j with Hadamard gates.
  case lfom(indexing: GateIndexing, shape: GateShape)

  /// The name used in parameter values and weight files.
  public var name: String {
    switch self {
    case .none: "none"
    case .conjugate: "conjugate"
    case .lfom: "lfom"
    }
  }
}

/// Which gates an LFOM Memformer learns (memformer.md §2.3, §7 "gate indexing").
public enum GateIndexing: String, Sendable, CaseIterable {
  /// The official momentum/Nesterov/GD++ notebooks: Z_{ℓ+1} = Z_ℓ + F_ℓ + Σ_{j<ℓ} Γ_j ⊙ F_j, gates shared by all
  /// layers (L − 1 gates); Γ = 0 is the plain transformer.
  case code
  /// The paper: every Γ_j^{(ℓ)}, j ≤ ℓ, learned separately (L(L+1)/2 gates), initialised at Γ_ℓ^{(ℓ)} = 1 and
  /// Γ_j^{(ℓ)} = 0 for j < ℓ, i.e. at the plain transformer.
  case paper
}

/// The shape of one LFOM gate.
public enum GateShape: String, Sendable, CaseIterable {
  /// A (d+1)×(n+1) matrix, one gate per token and feature (the code's form; it can exploit position, §7).
  case full
  /// One scalar times the all-ones matrix.
  case scalar
}
