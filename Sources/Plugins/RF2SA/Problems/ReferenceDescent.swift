import CatalogueSDK
import LinearAlgebra

/// Riemannian gradient descent with backtracking on a function known in closed form with its exact gradient: how a
/// problem computes its reference value `f_star` (spec §6.1: "the optimum found by RHGD", here RHGD with the exact
/// lower solution and the exact hypergradient).
///
/// The line search accepts by Armijo's rule while the decrease is resolvable in double precision and by a decrease
/// of the gradient norm afterwards, so the descent reaches ‖grad F‖ near round-off. It stops at `tolerance` or after
/// `iterations` steps; on a nonconvex F the answer is the stationary point reached from `start`.
struct ReferenceDescent {
  /// F and its Riemannian gradient at a point.
  let evaluate: ([Double]) throws -> (value: Double, gradient: [Double])
  /// A retraction.
  let retract: ([Double], [Double]) throws -> [Double]
  /// The norm of a tangent vector (Frobenius for embedded metrics).
  let norm: ([Double], [Double]) throws -> Double
  /// The first trial step (RHGD's ηₓ = 0.5).
  var initialStep = 0.5
  /// The cap on later trial steps, which keeps the path near RHGD's.
  var maxStep = 1.0

  /// The point reached and its value.
  func minimise(from start: [Double], iterations: Int, tolerance: Double = 1e-12) throws -> (
    point: [Double], value: Double, gradientNorm: Double
  ) {
    var x = start
    var (value, gradient) = try evaluate(x)
    var gradientNorm = try norm(x, gradient)
    var t = initialStep
    var steps = 0
    while steps < iterations && gradientNorm > tolerance {
      var accepted = false
      for _ in 0..<60 {
        let trial = try retract(x, ArrayMath.scale(-t, gradient))
        let (trialValue, trialGradient) = try evaluate(trial)
        let trialNorm = try norm(trial, trialGradient)
        let decrease = 1e-4 * t * gradientNorm * gradientNorm
        let resolvable = decrease > 1e-12 * max(1, abs(value))
        if trialValue.isFinite && (trialValue <= value - decrease || (!resolvable && trialNorm < gradientNorm)) {
          (x, value, gradient, gradientNorm) = (trial, trialValue, trialGradient, trialNorm)
          accepted = true
          break
        }
        t *= 0.5
      }
      guard accepted else { break }
      t = min(2 * t, maxStep)
      steps += 1
    }
    return (x, value, gradientNorm)
  }
}
