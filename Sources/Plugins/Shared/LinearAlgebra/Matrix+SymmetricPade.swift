/// The exponential of a symmetric matrix without an eigendecomposition: scaling and squaring with the diagonal Padé
/// approximant r_m of ``exponential()`` (Higham 2005, Algorithm 2.3: the same degrees m, thresholds θ_m and scaling),
/// evaluated with the symmetry the general routine cannot assume.
///
/// For a symmetric S every power S^k, the Padé numerator p_m(S) = V + U and denominator q_m(S) = V − U are symmetric
/// and commute, so
/// - the even powers are Gram matrices (S² = S·Sᵀ, S⁴ = S²·S²ᵀ: BLAS `dsyrk`, half a product, exactly symmetric),
///   and each squaring of the scaled result is one more;
/// - q_m(S) is positive definite: its eigenvalues are q_m(λ) = p_m(−λ) for the eigenvalues |λ| ≤ θ_m of the scaled S,
///   and the only real zero of p_m lies far beyond −θ_m (e.g. −4.6 for m = 3 with θ₃ = 0.015); Higham (2005, §2)
///   bounds its condition number by a small constant there. So the quotient r_m = q_m⁻¹·p_m is formed from the
///   Cholesky factor of q_m (`dpotrf`, `dpotri`) and one product. At the orders the SPD manifold sees (n ≈ 10–100)
///   this measured about twice as fast as the LU solve `dgesv` of ``exponential()``, whose two triangular solves with
///   n right-hand sides dominate it; LU remains the fallback should `dpotrf` ever refuse q_m.
///
/// Below ‖S‖₁ = 0.06 the degree-8 Taylor polynomial replaces the Padé approximant (``symmetricTaylor8()``): it
/// reaches double precision there with four products and no solve.
///
/// The result is symmetrised against round-off. Against the eigendecomposition form Q·e^Λ·Qᵀ of ``symmetricExp()``
/// the relative difference stays near 1e-14 for ‖S‖ up to a few tens (SymmetricPadeTests).
extension Matrix {
  /// e^S for a symmetric S by Padé scaling and squaring; throws `.illegalArgument` (routine `expm`) for non-finite
  /// input, like ``exponential()``.
  public func symmetricExpPade() throws -> Matrix {
    precondition(isSquare, "symmetricExpPade needs a square matrix")
    let a = symmetrized()
    if rows == 0 { return a }
    if let bad = a.storage.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(routine: "expm", info: -(bad + 1), kind: .illegalArgument)
    }
    let norm = a.oneNorm
    if norm <= Self.taylorTheta { return a.symmetricTaylor8().symmetrized() }
    for (m, theta) in Self.padeThresholds where m < 13 && norm <= theta {
      return try a.symmetricPadeLowDegree(m).symmetrized()
    }
    let theta13 = Self.padeThresholds[4].theta
    let s = norm > theta13 ? Int((_log2(norm / theta13)).rounded(.up)) : 0
    var result = try (s > 0 ? a * _pow(2, Double(-s)) : a).symmetricPade13()
    for _ in 0..<s { result = Matrix.gram(result) }
    return result.symmetrized()
  }

  /// r_m(A) for a symmetric A and m ∈ {3, 5, 7, 9}: U collects the odd terms, V the even ones (as
  /// ``padeLowDegree(_:)``, with Gram matrices for the even powers).
  func symmetricPadeLowDegree(_ m: Int) throws -> Matrix {
    let b = Self.padeCoefficients(m)
    var powers = [Matrix.gram(self)]  // A², A⁴, …, A^{m−1}
    while powers.count < m / 2 {
      let next =
        powers.count.isMultiple(of: 2) ? powers[powers.count - 1] * powers[0] : Matrix.gram(powers[powers.count / 2])
      powers.append(next)
    }
    var odd = powers[0]
    odd *= b[3]
    var v = powers[0]
    v *= b[2]
    for k in 1..<powers.count {
      v.add(powers[k], scaledBy: b[2 * k + 2])
      odd.add(powers[k], scaledBy: b[2 * k + 3])
    }
    for i in 0..<rows {
      v[i, i] += b[0]
      odd[i, i] += b[1]
    }
    return try Self.symmetricPadeQuotient(u: self * odd, v: v)
  }

  /// r₁₃(A) for a symmetric A, grouped as ``pade13()`` (Higham 2005, eq. 2.13), with A² and A⁴ as Gram matrices.
  func symmetricPade13() throws -> Matrix {
    let a2 = Matrix.gram(self)
    let a4 = Matrix.gram(a2)
    let (oddU, v) = Self.pade13Terms(a2: a2, a4: a4, a6: a4 * a2)
    return try Self.symmetricPadeQuotient(u: self * oddU, v: v)
  }

  /// (V − U)⁻¹(V + U) through the Cholesky factor of the positive definite denominator, or by LU if it is refused.
  static func symmetricPadeQuotient(u: Matrix, v: Matrix) throws -> Matrix {
    let denominator = v - u  // Cholesky reads its lower triangle only
    guard let factor = try? Cholesky(denominator) else { return try denominator.solve(v + u) }
    return try factor.inverse() * (v + u)
  }
}
