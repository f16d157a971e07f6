import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The inexact online-to-nonconvex conversion (O2NC, spec §4.5), shared by the first-order and zeroth-order
/// Goldstein drivers.
///
/// Steps n = 1, 2, …: draw s ~ U[0, 1]; x_n = x_{n−1} + Δ; query g_n at z_n = x_{n−1} + s·Δ; update the online
/// learner Δ ← Π_{‖·‖≤D}(Δ − η g_n) (projection onto the ℓ2 ball, not the code's box, spec §8.7). Windows of T
/// steps: every z_n of a window lies within T·D = δ of the window's mean z̄, so the window's mean gradient ḡ
/// (plus the oracle's error) bounds the norm of the minimum-norm element of the Goldstein δ-subdifferential
/// there. One trace row per window. Row 0 reports the first query, at z₁ = x₀ (Δ starts at 0; its g is reused as
/// the first step of window 1), with ‖g(x₀)‖ in both `grad_norm` and `certificate`; only full windows of T queries
/// count as certificates (a single zeroth-order estimate can be small by chance). The run ends (converged) at the
/// first window with ‖ḡ‖ ≤ ε and returns that window's z̄, or after the host's budget with the window of smallest
/// ‖ḡ‖.
struct OnlineToNonconvex {
  /// δ.
  let delta: Double
  /// ε.
  let epsilon: Double
  /// T.
  let window: Int
  /// D = δ/T.
  let radius: Double
  /// η = D/(G√T).
  let learningRate: Double

  /// The schedule of spec §4.5 for a gradient bound G (T = ⌈4G²/ε²⌉ unless `window` > 0).
  init(delta: Double, epsilon: Double, gradientBound: Double, window: Int) {
    self.delta = delta
    self.epsilon = epsilon
    self.window =
      window > 0 ? window : max(1, Int((4 * gradientBound * gradientBound / (epsilon * epsilon)).rounded(.up)))
    radius = delta / Double(self.window)
    learningRate = radius / (gradientBound * Double(self.window).squareRoot())
  }

  /// Trace columns: F at the window mean, ‖ḡ‖, the best certificate so far, oracle calls so far, and ‖ḡ − ∇F(z̄)‖
  /// when the exact gradient is tracked.
  static func columns(trackError: Bool) -> [String] {
    ["f", "grad_norm", "certificate", "oracle_calls"] + (trackError ? ["grad_error"] : [])
  }

  /// Runs windows until ‖ḡ‖ ≤ ε or the host stops it. `oracle` returns g(z); `value` and `exactGradient` feed the
  /// trace (uncounted; `exactGradient` is nil when not tracked).
  func run(
    _ run: Run, start: [Double], oracle: ([Double], inout CatalogueRandom) throws -> [Double],
    value: ([Double]) throws -> Double, exactGradient: (([Double]) throws -> [Double])?
  ) throws {
    try run.declareTrace(Self.columns(trackError: exactGradient != nil))
    let d = start.count
    var x = start
    var step = [Double](repeating: 0, count: d)
    var calls = 0
    var callsToEpsilon: Double?
    // Σ‖g‖² over the queries: the oracle's measured second moment, which sets the window an estimator needs.
    var squaredNorms = 0.0
    func query(_ z: [Double]) throws -> [Double] {
      let g = try oracle(z, &run.rng)
      guard g.count == d, ArrayMath.isFinite(g) else {
        throw PluginError(.numerical, "the gradient oracle returned a non-finite or mis-sized g")
      }
      calls += 1
      squaredNorms += ArrayMath.dot(g, g)
      return g
    }
    func row(_ z: [Double], _ g: [Double], _ best: Double) throws -> [Double] {
      let base = [try value(z), ArrayMath.norm(g), best, Double(calls)]
      return try base + (exactGradient.map { [ArrayMath.distance(g, try $0(z))] } ?? [])
    }
    var pending: [Double]? = try query(start)
    var best = (norm: Double.infinity, point: start, window: 0)
    guard run.report(iteration: 0, try row(start, pending!, ArrayMath.norm(pending!))) else {
      return try finish(run, best, callsToEpsilon, calls, windows: 0, squaredNorms: squaredNorms)
    }
    var k = 0
    while true {
      k += 1
      var zSum = [Double](repeating: 0, count: d)
      var gSum = zSum
      for _ in 0..<window {
        let s = run.rng.uniform()
        let previous = x
        x = ArrayMath.add(x, step)
        let z = ArrayMath.axpy(previous, s, step)
        let g = try pending ?? query(z)
        pending = nil
        zSum = ArrayMath.add(zSum, z)
        gSum = ArrayMath.add(gSum, g)
        step = ArrayMath.axpy(step, -learningRate, g)
        let norm = ArrayMath.norm(step)
        if norm > radius { step = ArrayMath.scale(radius / norm, step) }
      }
      let zMean = ArrayMath.scale(1 / Double(window), zSum)
      let gMean = ArrayMath.scale(1 / Double(window), gSum)
      let gNorm = ArrayMath.norm(gMean)
      if gNorm < best.norm { best = (gNorm, zMean, k) }
      let values = try row(zMean, gMean, best.norm)
      if gNorm <= epsilon {
        callsToEpsilon = Double(calls)
        _ = run.report(iteration: k, values)
        run.finish(.converged, "window \(k): ‖ḡ‖ = \(gNorm) ≤ ε = \(epsilon)")
        break
      }
      guard run.report(iteration: k, values) else { break }
    }
    try finish(run, best, callsToEpsilon, calls, windows: k, squaredNorms: squaredNorms)
  }

  private func finish(
    _ run: Run, _ best: (norm: Double, point: [Double], window: Int), _ callsToEpsilon: Double?,
    _ calls: Int, windows: Int, squaredNorms: Double
  ) throws {
    if best.window > 0 {
      try run.result("certificate", best.norm)
      try run.result("best_window", Double(best.window))
    }
    try run.result("x", vector: best.point)
    try run.result("oracle_calls", Double(calls))
    try run.result("windows", Double(windows))
    try run.result("oracle_second_moment", squaredNorms / Double(max(calls, 1)))
    if let callsToEpsilon { try run.result("oracle_calls_to_epsilon", callsToEpsilon) }
    try run.result("window_length", Double(window))
    try run.result("ball_radius", radius)
    try run.result("online_step", learningRate)
  }
}
