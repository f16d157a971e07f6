/// The mean resultant length of the von Mises–Fisher distribution, A_d(κ) = I_{d/2}(κ)/I_{d/2−1}(κ)
/// (spec riemannian-langevin.md §4.2), from the continued fraction of the Bessel ratio.
///
/// With r_ν = I_ν(κ)/I_{ν−1}(κ), the recurrence I_{ν−1} − I_{ν+1} = (2ν/κ) I_ν gives r_ν = 1/(2ν/κ + r_{ν+1}).
/// Evaluating it backwards from a depth where r is negligible converges geometrically; the tests check it against
/// coth κ − 1/κ on S² and against quadrature of the marginal on S⁹.
enum BesselRatio {
  /// A_d(κ) for the sphere S^{d−1} ⊂ ℝᵈ and κ > 0.
  static func meanResultantLength(ambientDimension d: Int, kappa: Double) -> Double {
    let nu = Double(d) / 2
    let depth = 200 + Int(4 * kappa)
    var r = 0.0
    for k in stride(from: depth, through: 0, by: -1) {
      r = 1 / (2 * (nu + Double(k)) / kappa + r)
    }
    return r
  }
}
