import CatalogueSDK
import Glibc

/// The coordinate-wise diffeomorphism φ(t) = t + β·sin t of the reparametrised problems I1/I2 (spec §5.1).
///
/// With |β| < 1, φ′(t) = 1 + β·cos t ∈ [1 − |β|, 1 + |β|] is bounded away from 0 and φ(t) → ±∞, so φ is a smooth
/// bijection of ℝ with a smooth inverse. φ⁻¹ has no closed form; it is computed by Newton's method, safeguarded
/// by bisection on the bracket [u − |β|, u + |β|] that must contain it because |φ(t) − t| ≤ |β|.
struct SineReparametrisation: Sendable, Equatable {
  /// β, with |β| < 1.
  let beta: Double

  /// φ with coefficient β; throws unless |β| < 1 (otherwise φ′ vanishes somewhere and φ is no diffeomorphism).
  init(beta: Double) throws {
    guard abs(beta) < 1, beta.isFinite else {
      throw PluginError(.invalidArgument, "phi_beta must satisfy |beta| < 1 for phi(t) = t + beta sin t, got \(beta)")
    }
    self.beta = beta
  }

  /// φ(t).
  func value(_ t: Double) -> Double { t + beta * sin(t) }

  /// φ′(t).
  func derivative(_ t: Double) -> Double { 1 + beta * cos(t) }

  /// φ⁻¹(u): safeguarded Newton from t = u until a step is at most 4 ulp of the iterate, then two more steps,
  /// returning the iterate with the smallest residual |φ(t) − u| (at most 100 steps; in practice 4–10).
  func inverse(_ u: Double) -> Double {
    var low = u - abs(beta)
    var high = u + abs(beta)
    var t = u
    var best = t
    var bestResidual = Double.infinity
    var extra = -1
    for _ in 0..<100 {
      let r = value(t) - u
      if abs(r) < bestResidual {
        best = t
        bestResidual = abs(r)
      }
      if r == 0 || extra == 0 { break }
      if r > 0 { high = min(high, t) } else { low = max(low, t) }
      var next = t - r / derivative(t)
      if !(next >= low && next <= high) { next = 0.5 * (low + high) }
      if extra > 0 {
        extra -= 1
      } else if abs(next - t) <= 4 * t.ulp {
        extra = 2
      }
      t = next
    }
    return best
  }

  /// φ applied to every coordinate.
  func map(_ x: [Double]) -> [Double] { x.map(value) }

  /// φ⁻¹ applied to every coordinate.
  func inverseMap(_ u: [Double]) -> [Double] { u.map(inverse) }
}
