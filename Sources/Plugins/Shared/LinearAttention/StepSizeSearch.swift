/// Step-size tuning for the weight-space baselines, on prompts kept apart from the test prompts.
///
/// "GD with tuned step" in the papers means the best η for each number of steps; the reference table
/// (common-incontext-regression.md §9.1) takes the best constant η on a 63-point grid over [0.05, 1.6] and the best
/// per-step sizes by a coordinate search started there — the per-step optimum is what a k-layer sparse transformer
/// with A_ℓ = η_ℓ·I can represent.
public enum StepSizeSearch {
  /// The reference grid: 63 points, spacing 0.025, from 0.05 to 1.6.
  public static let referenceGrid: [Double] = (0..<63).map { 0.05 + 0.025 * Double($0) }

  /// The best constant step for every k = 1…steps: the grid point with the lowest mean loss after k steps.
  public static func bestConstant(
    _ systems: NormalEquations, steps: Int, grid: [Double] = referenceGrid,
    method: (Double) -> FirstOrderMethod = { .gradientDescent([$0]) }
  ) -> [(step: Double, loss: TestLoss)] {
    var best = [(step: Double, loss: TestLoss)](
      repeating: (.nan, TestLoss(mean: .infinity, standardError: 0, count: 0)), count: steps)
    for eta in grid {
      let losses = systems.losses(method(eta), steps: steps)
      for k in 0..<steps where losses[k].mean < best[k].loss.mean {
        best[k] = (eta, losses[k])
      }
    }
    return best
  }

  /// Per-step sizes η₁…η_k minimising the mean loss after k GD steps, by multiplicative coordinate search from
  /// `start`: moves of one step by a factor 1 ± δ or 1 ± 2δ, and of two steps in opposite directions (1 + δ, 1 − δ),
  /// with δ = 0.2 halved six times, each δ sweeping until no move helps. The paired moves matter: the loss is
  /// symmetric in the η's (the factors I − η_jS commute), so a constant start is a stationary point of every
  /// single-step move's first-order change and can be a saddle that single moves do not leave.
  public static func bestPerStep(_ systems: NormalEquations, steps k: Int, start: [Double]) -> [Double] {
    var etas = start
    func objective(_ candidate: [Double]) -> Double {
      systems.losses(.gradientDescent(candidate), steps: k)[k - 1].mean
    }
    var current = objective(etas)
    var delta = 0.2
    for _ in 0..<7 {
      for _ in 0..<20 {
        // Moves (i, factor on η_i, j, factor on η_j); j = i for single-step moves.
        var moves: [(Int, Double, Int, Double)] = []
        for i in 0..<k {
          for factor in [1 - 2 * delta, 1 - delta, 1 + delta, 1 + 2 * delta] { moves.append((i, factor, i, 1)) }
          for j in (i + 1)..<max(k, i + 1) {
            moves.append((i, 1 + delta, j, 1 - delta))
            moves.append((i, 1 - delta, j, 1 + delta))
          }
        }
        var improved = false
        for (i, fi, j, fj) in moves {
          var candidate = etas
          candidate[i] *= fi
          candidate[j] *= fj
          let value = objective(candidate)
          if value < current {
            current = value
            etas = candidate
            improved = true
          }
        }
        if !improved { break }
      }
      delta /= 2
    }
    return etas
  }
}
