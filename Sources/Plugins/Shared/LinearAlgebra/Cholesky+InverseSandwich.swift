extension Cholesky {
  /// A⁻¹·U·A⁻¹ for a symmetric U, as L⁻ᵀ(L⁻¹UL⁻ᵀ)L⁻¹: four triangular solves (BLAS-3 `dtrsm`, n³ flops each) in
  /// place of forming A⁻¹ (`dpotri`, which runs unblocked level-2 code below LAPACK's block size of 64) and two
  /// products with it. Symmetrised against round-off.
  public func inverseSandwich(_ u: Matrix) -> Matrix {
    precondition(u.rows == n && u.cols == n, "inverseSandwich needs an n×n matrix")
    var w = u
    w.triangular(packed, solve: true, left: true, transpose: false)
    w.triangular(packed, solve: true, left: false, transpose: true)
    w.triangular(packed, solve: true, left: true, transpose: true)
    w.triangular(packed, solve: true, left: false, transpose: false)
    return w.symmetrized()
  }
}
