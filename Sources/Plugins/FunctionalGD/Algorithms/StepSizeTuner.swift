import Glibc

/// Per-step step sizes η₁…η_k of functional GD minimising a loss (functional-gd.md §5.1: "per-step step sizes r_ℓ
/// tuned by coordinate search").
///
/// The search starts from the best constant step on a geometric grid over [10⁻², 10²] (the scale of a good step
/// depends on the kernel's magnitude, so a fixed linear grid would not do), then moves one step by a factor 1 ± δ or
/// 1 ± 2δ, or two steps in opposite directions, with δ = 0.2 halved six times, each δ sweeping until no move helps
/// (the loss is symmetric in the η's when the steps commute, so paired moves are needed to leave a constant start).
enum StepSizeTuner {
  /// The grid of constant starts: 81 points, ratio 10^{1/20}.
  static let grid: [Double] = (0...80).map { pow10(Double($0) / 20 - 2) }

  static func pow10(_ x: Double) -> Double { exp(x * log(10)) }

  /// The tuned steps for k steps of the method whose loss after the last of the given steps is `objective`.
  static func tune(steps k: Int, objective: ([Double]) -> Double) -> [Double] {
    var etas = [Double](repeating: grid[0], count: k)
    var current = Double.infinity
    for eta in grid {
      let value = objective([Double](repeating: eta, count: k))
      if value < current {
        current = value
        etas = [Double](repeating: eta, count: k)
      }
    }
    var delta = 0.2
    for _ in 0..<7 {
      for _ in 0..<20 {
        var improved = false
        for i in 0..<k {
          var moves: [(Int, Double, Int, Double)] = [1 - 2 * delta, 1 - delta, 1 + delta, 1 + 2 * delta].map {
            (i, $0, i, 1)
          }
          for j in (i + 1)..<max(k, i + 1) {
            moves.append((i, 1 + delta, j, 1 - delta))
            moves.append((i, 1 - delta, j, 1 + delta))
          }
          for (a, fa, b, fb) in moves {
            var candidate = etas
            candidate[a] *= fa
            candidate[b] *= fb
            let value = objective(candidate)
            if value < current {
              current = value
              etas = candidate
              improved = true
            }
          }
        }
        if !improved { break }
      }
      delta /= 2
    }
    return etas
  }
}
