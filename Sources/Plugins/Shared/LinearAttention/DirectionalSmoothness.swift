/// The curvature of a loss along a direction, uᵀ∇²f(θ)u with u a unit vector, by central differences of the
/// analytic gradient: uᵀ(∇f(θ + h·u) − ∇f(θ − h·u)) / (2h), with error O(h²).
///
/// The linear-attention-dynamics paper evaluates it along the step actually taken, u_t = (θ_{t+1} − θ_t)/‖θ_{t+1} −
/// θ_t‖, at θ_t, and plots it against ‖∇f(θ_t)‖: a positive correlation is the "generalized (L0, L1)-smoothness"
/// of Transformer losses (linear-attention-dynamics.md §4.1, item 4). Two gradient evaluations per measurement.
public enum DirectionalSmoothness {
  /// uᵀ∇²f(θ)u for u = `direction`/‖`direction`‖ at `parameters`; nil when the direction is zero.
  public static func along(
    _ direction: [Double], of loss: inout some FlatDifferentiableLoss, at parameters: [Double], step: Double = 1e-4
  ) throws -> Double? {
    precondition(direction.count == parameters.count, "direction and parameters differ in length")
    let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
    guard norm > 0, norm.isFinite else { return nil }
    let unit = direction.map { $0 / norm }
    let plus = try loss.lossAndGradient(at: zip(parameters, unit).map { $0 + step * $1 }).gradient
    let minus = try loss.lossAndGradient(at: zip(parameters, unit).map { $0 - step * $1 }).gradient
    var curvature = 0.0
    for j in unit.indices { curvature += unit[j] * (plus[j] - minus[j]) }
    return curvature / (2 * step)
  }
}
