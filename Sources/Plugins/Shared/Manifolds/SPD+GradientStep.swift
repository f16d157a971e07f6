import CatalogueSDK
import LinearAlgebra

extension SPD {
  /// Exp_X(t·grad f(X)) for the Riemannian gradient grad f(X) = X·sym(G)·X of a Euclidean gradient G, in one pass.
  ///
  /// With X = LLᵀ the whitened tangent vector of ``exp(_:_:)`` is L⁻¹(t·X·sym(G)·X)L⁻ᵀ = t·Lᵀ·sym(G)·L: two
  /// triangular products (``LinearAlgebra/Cholesky/transposedCongruence(_:)``) where ``riemannianGradient(_:euclidean:)``
  /// followed by ``exp(_:_:)`` take two general products and two triangular solves. The result is B·Bᵀ with
  /// B = L·e^{S/2}, as in ``exp(_:_:)``, so it is SPD by construction; it equals that composition to round-off, not
  /// bit for bit.
  public func expOfGradient(_ x: [Double], euclidean egrad: [Double], scale t: Double) throws -> [Double] {
    try requireSize(x, "x", "expOfGradient")
    try requireSize(egrad, "egrad", "expOfGradient")
    let c = try cholesky(x, "x", "expOfGradient")
    return try numerical("expOfGradient") {
      // Lᵀ·G·L symmetrised is Lᵀ·sym(G)·L; it is scaled in place to S (eigen) or S/2 (Padé).
      var s = c.transposedCongruence(matrix(egrad))
      let b: Matrix
      switch exponential {
      case .eigen:
        s *= t
        let e = try SymmetricEigen(s)
        b = c.multiplyLower(e.vectors).scalingColumns(by: e.values.map { _exp(0.5 * $0) })
      case .pade:
        s *= 0.5 * t
        b = c.multiplyLower(try s.symmetricExpPade())
      }
      return Matrix.gram(b, transpose: true).elements
    }
  }
}
