import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The gated perturbed-gradient scheme of RS and SA (spec §3.2–3.3), independent of the host so it can be tested
/// directly.
///
/// Main phase, for t = 0 … T−1: if ‖∇f(xₜ)‖ ≤ ε₀, xₜ₊₁ = xₜ − η(∇f(xₜ) + vₜ) with the rule's perturbation vₜ;
/// otherwise xₜ₊₁ = xₜ − η′∇f(xₜ). The output is x_T or a uniformly drawn x_τ (τ ∈ 1…T, reservoir sampling on a
/// generator split off `rng`), optionally followed by gradient descent with η′ until ‖∇f‖ < tolerance.
/// Every iterate is handed to `observe` once, with its full value and gradient norm, before the step from it.
struct FlatSearch {
  /// One observed iterate.
  struct Iterate {
    var iteration: Int
    var point: [Double]
    var value: Double
    var gradientNorm: Double
    /// Whether the step from this iterate is a perturbed one (the gate is open).
    var perturbed: Bool
    /// 0 for the main phase, 1 for the output and the finishing phase.
    var phase: Int
  }

  /// Why the search ended.
  enum Ending: Equatable {
    /// `observe` returned false (host budget, or a target reached).
    case stopped
    /// The schedule ran out (T steps, and the finishing cap if any).
    case completed
    /// The finishing phase reached its gradient tolerance.
    case converged
  }

  /// What the search returns.
  struct Outcome {
    /// The method's answer: the output iterate after the finishing phase, or where it stopped.
    var point: [Double]
    /// x_T, or the last main-phase iterate reached.
    var last: [Double]
    /// The uniformly drawn main-phase iterate (x₀ if no step was taken).
    var random: [Double]
    var ending: Ending
    /// The largest f among observed iterates.
    var maxValue: Double
    /// Gated (perturbed) steps taken.
    var perturbedSteps: Int
  }

  let function: any ObjectiveFunction
  let rule: Perturbation
  let settings: FlatSettings

  /// Runs the search, drawing every random number from `rng`.
  func run(rng: inout CatalogueRandom, observe: (Iterate) throws -> Bool) throws -> Outcome {
    var reservoir = CatalogueRandom(seed: rng.next(), stream: 3)
    var x = try function.initialPoint()
    var random = x
    var seen = 0
    var maxValue = -Double.infinity
    var perturbedSteps = 0
    var k = 0

    func outcome(_ ending: Ending, point: [Double], last: [Double]) -> Outcome {
      Outcome(
        point: point, last: last, random: random, ending: ending, maxValue: maxValue, perturbedSteps: perturbedSteps)
    }

    for _ in 0..<settings.steps {
      let (value, g) = try function.gradient(x)
      let norm = ArrayMath.norm(g)
      let gated = norm <= settings.gate
      maxValue = max(maxValue, value)
      let proceed = try observe(
        Iterate(iteration: k, point: x, value: value, gradientNorm: norm, perturbed: gated, phase: 0))
      guard proceed else {
        return outcome(.stopped, point: settings.output == .random && seen > 0 ? random : x, last: x)
      }
      if gated {
        let v = try rule.vector(function, at: x, gradient: g, rho: settings.rho, rng: &rng)
        for i in x.indices { x[i] -= settings.stepSize * (g[i] + v[i]) }
        perturbedSteps += 1
      } else {
        x = ArrayMath.axpy(x, -settings.gdStepSize, g)
      }
      k += 1
      seen += 1
      if reservoir.index(below: seen) == 0 { random = x }
    }

    let last = x
    if settings.output == .random && seen > 0 { x = random }
    let cap = settings.finalDescent ? settings.finalSteps : 0
    for step in 0...cap {
      let (value, g) = try function.gradient(x)
      let norm = ArrayMath.norm(g)
      maxValue = max(maxValue, value)
      let proceed = try observe(
        Iterate(iteration: k, point: x, value: value, gradientNorm: norm, perturbed: false, phase: 1))
      guard proceed else { return outcome(.stopped, point: x, last: last) }
      if settings.finalDescent && norm < settings.finalTolerance { return outcome(.converged, point: x, last: last) }
      if step == cap { break }
      x = ArrayMath.axpy(x, -settings.gdStepSize, g)
      k += 1
    }
    return outcome(.completed, point: x, last: last)
  }
}
