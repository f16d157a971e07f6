/// Limited-memory BFGS on a flat parameter vector: the two-loop recursion (Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., Algorithm 7.4) for the direction p = −H·g, and a backtracking line search that accepts the
/// first step α ∈ {α₀, α₀/2, …} satisfying the Armijo condition f(x + αp) ≤ f(x) + c₁·α·gᵀp.
///
/// The official rotated-Σ L-BFGS notebook uses PyTorch's `LBFGS` with a fixed step and no line search
/// (preconditioned-gd.md §3.2); a line search makes every accepted step decrease the loss, so a stall means the
/// method has converged to round-off rather than diverged. H₀ = γ·I with γ = sᵀy/yᵀy of the newest pair (Nocedal &
/// Wright eq. 7.20); the first step, with no pairs yet, is scaled to length ≤ 1 as in PyTorch. Pairs with
/// sᵀy ≤ 1e-10·‖s‖·‖y‖ are skipped, so H stays positive definite under the Armijo-only search.
public struct LBFGS: Sendable {
  /// Number of (s, y) pairs kept.
  public let history: Int
  /// c₁ of the Armijo condition.
  public let sufficientDecrease: Double
  /// Halvings tried before the step is declared a stall.
  public let maxBacktracks: Int
  private var s: [[Double]] = []
  private var y: [[Double]] = []
  private var rho: [Double] = []

  /// Creates the method with an empty memory.
  public init(history: Int = 100, sufficientDecrease: Double = 1e-4, maxBacktracks: Int = 40) {
    precondition(history >= 1, "L-BFGS needs a history of at least 1")
    self.history = history
    self.sufficientDecrease = sufficientDecrease
    self.maxBacktracks = maxBacktracks
  }

  /// Stored curvature pairs.
  public var memory: Int { s.count }

  /// p = −H·g by the two-loop recursion.
  public func direction(_ g: [Double]) -> [Double] {
    var q = g
    var alpha = [Double](repeating: 0, count: s.count)
    for i in stride(from: s.count - 1, through: 0, by: -1) {
      alpha[i] = rho[i] * dot(s[i], q)
      for j in q.indices { q[j] -= alpha[i] * y[i][j] }
    }
    if let last = s.indices.last {
      let gamma = dot(s[last], y[last]) / dot(y[last], y[last])
      for j in q.indices { q[j] *= gamma }
    }
    for i in s.indices {
      let beta = rho[i] * dot(y[i], q)
      for j in q.indices { q[j] += (alpha[i] - beta) * s[i][j] }
    }
    return q.map { -$0 }
  }

  /// One iteration from `x` with value `value` and gradient `gradient` (all updated in place on success).
  ///
  /// Returns false, leaving the point unchanged, at a zero gradient or when no halving of the step decreases f
  /// enough (a stall at round-off). `objective` returns f and ∇f at a point.
  public mutating func step(
    _ x: inout [Double], value: inout Double, gradient: inout [Double],
    objective: ([Double]) throws -> (value: Double, gradient: [Double])
  ) rethrows -> Bool {
    guard gradient.contains(where: { $0 != 0 }) else { return false }
    var p = direction(gradient)
    var slope = dot(gradient, p)
    if !(slope < 0) {
      // Not a descent direction (round-off in H): restart from steepest descent.
      s.removeAll()
      y.removeAll()
      rho.removeAll()
      p = gradient.map { -$0 }
      slope = dot(gradient, p)
      guard slope < 0 else { return false }
    }
    var alpha = s.isEmpty ? min(1, 1 / norm(gradient)) : 1
    for _ in 0...maxBacktracks {
      let candidate = zip(x, p).map { $0 + alpha * $1 }
      let (f, g) = try objective(candidate)
      if f.isFinite && f <= value + sufficientDecrease * alpha * slope {
        let step = zip(candidate, x).map { $0 - $1 }
        let change = zip(g, gradient).map { $0 - $1 }
        let curvature = dot(step, change)
        if curvature > 1e-10 * norm(step) * norm(change) {
          s.append(step)
          y.append(change)
          rho.append(1 / curvature)
          if s.count > history {
            s.removeFirst()
            y.removeFirst()
            rho.removeFirst()
          }
        }
        x = candidate
        value = f
        gradient = g
        return true
      }
      alpha /= 2
    }
    return false
  }

  private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
  }

  private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
