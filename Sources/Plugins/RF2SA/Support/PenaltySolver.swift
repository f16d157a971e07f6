import CatalogueSDK
import LinearAlgebra

/// Solves the tracker targets of RF²SA for the trace: y*(x) = argmin g(x, ·) when the problem has no closed form,
/// and y*_λ(x) = argmin f(x, ·) + λ·g(x, ·) (spec §2, §4.1).
///
/// It minimises φ = g + f/λ (the same minimiser, with g's conditioning for every λ), warm-started by the caller
/// from its previous answer. Where the problem has lower Hessian products on a standard manifold, the direction is
/// the Newton step of g, −Hess_y g⁻¹·grad φ: exact Newton for y*, and for y*_λ a quasi-Newton step whose Hessian
/// misses only the O(1/λ) curvature of f/λ, so it contracts by O(1/λ) per step. Otherwise it is the gradient step.
/// The line search accepts by Armijo's rule while the decrease is resolvable in double precision, and afterwards
/// by a decrease of ‖grad φ‖, so the solution can reach gradient norms near round-off.
struct PenaltySolver {
  let problem: any BilevelProblem
  let manifold: VariableManifold
  /// Whether the Newton direction of g is available.
  var newton: Bool { problem.hasLowerHessian && manifold.kind != .other }
  /// Steps per call.
  var maxSteps = 200

  /// The outcome of one solve.
  struct Solution {
    /// The minimiser found.
    var y: [Double]
    /// ‖grad φ(y)‖.
    var gradientNorm: Double
    /// The last accepted step, to start the next solve with.
    var step: Double
    /// Gradient steps taken.
    var steps: Int
  }

  /// φ and its Riemannian gradient at y.
  func objective(_ x: [Double], _ y: [Double], _ lambda: Double?) throws -> (value: Double, grad: [Double]) {
    var value = try problem.lowerValue(x, y, samples: nil)
    var egrad = try problem.lowerGradient(x, y, samples: nil).y
    if let lambda {
      value += try problem.upperValue(x, y, samples: nil) / lambda
      egrad = ArrayMath.axpy(egrad, 1 / lambda, try problem.upperGradient(x, y, samples: nil).y)
    }
    return (value, try manifold.gradient(y, egrad))
  }

  /// Minimises g(x, ·) + f(x, ·)/λ (λ = nil: g alone) from `start` until ‖grad φ‖ ≤ `tolerance`, with first trial
  /// step `step`.
  func solve(
    _ x: [Double], from start: [Double], lambda: Double?, step: Double, tolerance: Double
  ) throws -> Solution {
    var y = start
    var (value, grad) = try objective(x, y, lambda)
    var norm = try manifold.norm(y, grad)
    var t = step
    var steps = 0
    while norm > tolerance && steps < maxSteps {
      var direction = ArrayMath.scale(-1, grad)
      if newton {
        let hessian = try HessianOperator(problem: problem, manifold: manifold, x: x, y: y)
        direction = ArrayMath.scale(-1, try hessian.solve(grad, method: .auto).v)
        t = 1
      }
      var slope = try manifold.geometry.inner(y, grad, direction)
      if !(slope < 0) {
        direction = ArrayMath.scale(-1, grad)
        slope = -norm * norm
      }
      var accepted = false
      for _ in 0..<60 {
        let trial = try manifold.geometry.retract(y, ArrayMath.scale(t, direction))
        let (trialValue, trialGrad) = try objective(x, trial, lambda)
        let trialNorm = try manifold.norm(trial, trialGrad)
        let decrease = -1e-4 * t * slope
        let resolvable = decrease > 1e-12 * max(1, abs(value))
        if trialValue.isFinite && trialNorm.isFinite
          && (trialValue <= value - decrease || (!resolvable && trialNorm < 0.9 * norm))
        {
          (y, value, grad, norm) = (trial, trialValue, trialGrad, trialNorm)
          accepted = true
          break
        }
        t *= 0.5
      }
      guard accepted else { break }
      t *= 2
      steps += 1
    }
    return Solution(y: y, gradientNorm: norm, step: t, steps: steps)
  }
}
