/// The exponential of a symmetric matrix without an eigendecomposition: scaling and squaring with the diagonal Padé
/// approximant of ``exponential()`` (Higham 2005, Algorithm 2.3: BLAS products and one LAPACK `dgesv`), symmetrised.
///
/// For a symmetric S the Padé quotient (V − U)⁻¹(V + U) is a rational function of S, hence symmetric in exact
/// arithmetic; symmetrising only removes round-off asymmetry. Against the eigendecomposition form Q·e^Λ·Qᵀ of
/// ``symmetricExp()`` the relative difference stays near 1e-14 for ‖S‖ up to a few tens (LinearAlgebraTests), and
/// it is several times cheaper than `dsyevd` at the orders the SPD manifold sees in practice (n ≳ 10), because
/// small matrix products run at BLAS-3 speed where the tridiagonal reduction and its back-transformation do not.
extension Matrix {
  /// e^S for a symmetric S by Padé scaling and squaring; throws `.illegalArgument` (routine `expm`) for non-finite
  /// input, like ``exponential()``.
  public func symmetricExpPade() throws -> Matrix {
    try symmetrized().exponential().symmetrized()
  }
}
