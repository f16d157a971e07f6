/// The exponential of a general (non-symmetric) square matrix by scaling and squaring with a diagonal Padé
/// approximant (Higham, "The scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix
/// Anal. Appl. 26(4), 2005, Algorithm 2.3). LAPACK has no expm (spec §4); the Stiefel exponential needs one for
/// its 2p×2p block matrix and the skew p×p matrix A (spec §2.3). Built from BLAS products and one LAPACK `dgesv`.
extension Matrix {
  /// Padé degrees tried in order, each with the largest ‖A‖₁ for which it reaches double precision (Higham 2005,
  /// Table 2.3, θ_m).
  static let padeThresholds: [(degree: Int, theta: Double)] = [
    (3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1),
    (9, 2.097847961257068e0), (13, 5.371920351148152e0),
  ]

  /// Coefficients b_j = (2m − j)! / (j! (m − j)!) of the degree-m diagonal Padé numerator, j = 0…m (normalised so
  /// that b_m = 1; numerator Σ b_j A^j, denominator Σ b_j (−A)^j).
  static func padeCoefficients(_ m: Int) -> [Double] {
    (0...m).map { j in
      var c = 1.0
      for f in stride(from: 2 * m - j, to: m - j, by: -1) { c *= Double(f) }  // (2m−j)!/(m−j)!
      for f in stride(from: j, to: 1, by: -1) { c /= Double(f) }  // / j!
      return c
    }
  }

  /// e^A for a square matrix A.
  ///
  /// Throws `.illegalArgument` (routine `expm`) for non-finite input and `dgesv`'s `.singular` if the Padé
  /// denominator is singular (which does not happen for finite input at these degrees, but is not trapped).
  public func exponential() throws -> Matrix {
    precondition(isSquare, "exponential needs a square matrix")
    if rows == 0 { return self }
    if let bad = storage.firstIndex(where: { !$0.isFinite }) {
      throw LinearAlgebraError(routine: "expm", info: -(bad + 1), kind: .illegalArgument)
    }
    let norm = oneNorm
    for (m, theta) in Self.padeThresholds where m < 13 && norm <= theta {
      return try padeLowDegree(m)
    }
    let theta13 = Self.padeThresholds[4].theta
    let s = norm > theta13 ? Int((_log2(norm / theta13)).rounded(.up)) : 0
    var result = try (s > 0 ? self * _pow(2, Double(-s)) : self).pade13()
    for _ in 0..<s { result = result * result }
    return result
  }

  /// r_m(A) = (V − U)⁻¹(V + U) for m ∈ {3, 5, 7, 9}: U collects the odd terms, V the even ones.
  func padeLowDegree(_ m: Int) throws -> Matrix {
    let b = Self.padeCoefficients(m)
    let n = rows
    let a2 = self * self
    var powers = [Matrix.identity(n), a2]  // A⁰, A², A⁴, …
    while powers.count <= m / 2 { powers.append(powers[powers.count - 1] * a2) }
    var odd = Matrix(rows: n, cols: n)
    var v = Matrix(rows: n, cols: n)
    for k in 0...(m / 2) {
      v.add(powers[k], scaledBy: b[2 * k])
      odd.add(powers[k], scaledBy: b[2 * k + 1])
    }
    return try Self.padeQuotient(u: self * odd, v: v)
  }

  /// r₁₃(A), with the powers grouped as in Higham (2005, eq. 2.13) so it costs six products and one solve.
  func pade13() throws -> Matrix {
    let a2 = self * self
    let a4 = a2 * a2
    let (oddU, v) = Self.pade13Terms(a2: a2, a4: a4, a6: a4 * a2)
    return try Self.padeQuotient(u: self * oddU, v: v)
  }

  /// The degree-13 sums from A², A⁴ and A⁶ (Higham 2005, eq. 2.13): the odd part's factor W with U = A·W, and V.
  /// Shared by ``pade13()`` and the symmetric evaluation, which forms the even powers as Gram matrices.
  static func pade13Terms(a2: Matrix, a4: Matrix, a6: Matrix) -> (oddU: Matrix, v: Matrix) {
    let b = padeCoefficients(13)
    let id = Matrix.identity(a2.rows)
    var innerU = b[13] * a6
    innerU.add(a4, scaledBy: b[11])
    innerU.add(a2, scaledBy: b[9])
    var oddU = b[7] * a6
    oddU.add(a4, scaledBy: b[5])
    oddU.add(a2, scaledBy: b[3])
    oddU.add(id, scaledBy: b[1])
    oddU.addProduct(a6, innerU)
    var innerV = b[12] * a6
    innerV.add(a4, scaledBy: b[10])
    innerV.add(a2, scaledBy: b[8])
    var v = b[6] * a6
    v.add(a4, scaledBy: b[4])
    v.add(a2, scaledBy: b[2])
    v.add(id, scaledBy: b[0])
    v.addProduct(a6, innerV)
    return (oddU, v)
  }

  /// Solves (V − U)·R = V + U.
  static func padeQuotient(u: Matrix, v: Matrix) throws -> Matrix {
    try (v - u).solve(v + u)
  }
}
