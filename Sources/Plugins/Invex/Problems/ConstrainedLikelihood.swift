import LinearAlgebra

/// The Gaussian negative log-likelihood's minimiser over the geodesic ball {d(I, Σ) ≤ r}, computed independently
/// of the descent methods.
///
/// Both f(Σ) = log det Σ + tr(Σ⁻¹S) and the ball are functions of the eigenvalues of Σ except for tr(Σ⁻¹S), which
/// von Neumann's trace inequality minimises by taking the eigenvectors of S. With Σ = Q·diag(eᵗ)·Qᵀ and S =
/// Q·diag(s)·Qᵀ the problem becomes min Σᵢ (tᵢ + sᵢe^{−tᵢ}) subject to ‖t‖ ≤ r: convex, with KKT conditions
/// 1 + 2μtᵢ = sᵢe^{−tᵢ}. For each μ ≥ 0 every tᵢ(μ) is the unique root between 0 and log sᵢ (bisection), and
/// ‖t(μ)‖ decreases from ‖log s‖ to 0, so μ is found by bisection on ‖t(μ)‖ = r.
enum ConstrainedLikelihood {
  static func ballMinimiser(_ scatter: Matrix, radius: Double) throws -> Matrix {
    let e = try SymmetricEigen(scatter)
    let logs = e.values.map(_log)
    if logs.reduce(0, { $0 + $1 * $1 }).squareRoot() <= radius { return scatter }
    func exponents(_ mu: Double) -> [Double] {
      zip(e.values, logs).map { s, logS in
        var low = min(0, logS)
        var high = max(0, logS)
        for _ in 0..<200 {
          let t = 0.5 * (low + high)
          if 1 + 2 * mu * t - s * _exp(-t) > 0 { high = t } else { low = t }
        }
        return 0.5 * (low + high)
      }
    }
    func norm(_ t: [Double]) -> Double { t.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    var low = 0.0
    var high = 1.0
    while norm(exponents(high)) > radius { high *= 2 }
    for _ in 0..<200 {
      let mu = 0.5 * (low + high)
      if norm(exponents(mu)) > radius { low = mu } else { high = mu }
    }
    return e.reconstructed(values: exponents(0.5 * (low + high)).map(_exp)).symmetrized()
  }
}
