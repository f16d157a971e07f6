/// The degree-8 Taylor polynomial of e^A for a symmetric A of small norm, the branch of ``symmetricExpPade()`` below
/// ``taylorTheta``.
///
/// For a symmetric A with ‖A‖₁ ≤ θ every eigenvalue has |λ| ≤ θ, and the remainder of the series gives
/// |e^λ − T₈(λ)| ≤ θ⁹e^θ/9! while e^λ ≥ e^{−θ}: the relative truncation error is at most θ⁹e^{2θ}/9!, which is
/// 3.1e-17 (below the unit round-off 1.1e-16) at θ = 0.06. The Padé approximant needs a linear solve with n
/// right-hand sides at any degree; T₈ needs four products (Paterson–Stockmeyer: A², A³, A⁴ and one more) and no
/// solve, which at n = 50 measured cheaper than Padé degree 3 or 5, the degrees these norms would take. The tangent
/// steps of RF²SA's SPD trackers are this small at the paper's size (‖S/2‖₁ ≤ 0.031).
extension Matrix {
  /// The largest ‖A‖₁ for which ``symmetricTaylor8()`` is used (truncation error ≤ 3.1e-17 relative).
  static let taylorTheta = 0.06

  /// T₈(A) = Σₖ₌₀⁸ Aᵏ/k! for a symmetric A, as (I + A + A²/2 + A³/6) + A⁴·(I/4! + A/5! + A²/6! + A³/7! + A⁴/8!).
  func symmetricTaylor8() -> Matrix {
    var factorial = [1.0]
    for k in 1...8 { factorial.append(factorial[k - 1] * Double(k)) }
    let a2 = Matrix.gram(self)
    let a3 = self * a2
    let a4 = Matrix.gram(a2)
    var high = a4
    high *= 1 / factorial[8]
    high.add(a3, scaledBy: 1 / factorial[7])
    high.add(a2, scaledBy: 1 / factorial[6])
    high.add(self, scaledBy: 1 / factorial[5])
    var result = a3
    result *= 1 / factorial[3]
    result.add(a2, scaledBy: 1 / factorial[2])
    result.add(self, scaledBy: 1)
    for i in 0..<rows {
      high[i, i] += 1 / factorial[4]
      result[i, i] += 1
    }
    result.addProduct(a4, high)
    return result
  }
}
