extension Cholesky {
  /// The congruence Lᵀ·M·L of a symmetric M (two `dtrmm` calls, symmetrised). For A = LLᵀ it is the whitened form
  /// L⁻¹(A·M·A)L⁻ᵀ of A·M·A without forming A·M·A or solving with L: the SPD manifold's Riemannian gradient X·G·X,
  /// whitened for Exp_X, is Lᵀ·G·L.
  public func transposedCongruence(_ m: Matrix) -> Matrix {
    precondition(m.rows == n && m.cols == n, "transposedCongruence needs an n×n matrix")
    var w = m
    w.triangular(packed, solve: false, left: true, transpose: true)
    w.triangular(packed, solve: false, left: false, transpose: false)
    return w.symmetrized()
  }
}
