import LinearAlgebra

extension SPD {
  /// The evaluation of e^{S/2} inside ``SPD/exp(_:_:)``: both give Exp_X(V) to round-off and both keep the result
  /// SPD (it is formed as B·Bᵀ either way); they differ in cost and in the last bits, so a plugin chooses one per
  /// problem and keeps it for reproducible traces.
  public enum Exponential: Sendable, Hashable {
    /// Q·e^{Λ/2} from the eigendecomposition S = QΛQᵀ (LAPACK `dsyevd`): the default.
    case eigen
    /// The scaling-and-squaring Padé exponential of S/2 (``LinearAlgebra/Matrix/symmetricExpPade()``; the degree-8
    /// Taylor polynomial for ‖S/2‖₁ ≤ 0.06): a few matrix products and at most one Cholesky-based solve, cheaper
    /// than `dsyevd` from about n = 10.
    case pade
  }
}
