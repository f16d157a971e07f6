import CatalogueSDK
import LinearAlgebra

/// `goldstein-zo`: the two-point zeroth-order estimator (spec §4.4) fed into the O2NC driver: no hypergradient and
/// no dual variable, only values F̃(x) = f(x, ỹ(x)) of an (exact) lower-level solution.
///
/// ĝ(z) = (d/(2ρ))[F̃(z + ρw) − F̃(z − ρw)]·w with w uniform on the sphere is an unbiased gradient of the ball
/// smoothing F_ρ, whose second moment is about d·Lip(F)², so the window is T = ⌈4dG²/ε²⌉ and the cost grows
/// linearly with d = d_x. Each ∇F_ρ(z) averages ∇F over B(z, ρ), so the certificate is for radius δ + ρ.
enum GoldsteinZO {
  static let algorithm = Algorithm(
    id: "goldstein-zo",
    name: "Zeroth-order Goldstein method (two-point estimator + O2NC)",
    summary: "Two-point sphere estimates of the smoothed hyperobjective in O2NC windows; dimension-dependent, no duals",
    provenance: .reconstructed(
      "Reconstructed from the paper's claims (inexact zeroth-order oracle, Õ(dδ⁻¹ε⁻³)) and Kornowski–Shamir's "
        + "zeroth-order O2NC: the estimator and the gradient bound √d·G are standard; the window and radius "
        + "schedule is the spec's reading of the paper and not checked against code (the repository has none)."),
    accepts: [.bilevel],
    needs: [.euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 200,
    parameters: GoldsteinParameters.all + [
      .real("smoothing_radius", default: 0.01, above: 0, logScale: true, help: "smoothing radius ρ (≤ δ/2)")
    ]
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let rho = try run.parameters.real("smoothing_radius")
    let delta = try run.parameters.real("delta")
    guard rho <= delta / 2 else {
      throw PluginError(.invalidArgument, "smoothing_radius must be at most delta/2 = \(delta / 2); lower it")
    }
    let d = problem.dimensionX
    let solver = try LowerLevelSolver(problem)
    var lowerTime = Stopwatch()
    func value(_ x: [Double]) throws -> Double {
      let lower = try lowerTime.time { try solver.solve(at: x) }
      run.count(.innerStep, lower.steps)
      return try problem.upperValue(x, lower.y, samples: nil)
    }
    let bound = Double(d).squareRoot() * (try run.parameters.real("lipschitz"))
    let schedule = try GoldsteinParameters.schedule(run.parameters, gradientBound: bound)
    let trace = try GoldsteinParameters.traceOracles(run, problem)
    var evaluations = 0
    try schedule.run(
      run, start: try problem.initialPoint().x,
      oracle: { z, rng in
        let w = rng.unitVector(d)
        let difference = try value(ArrayMath.axpy(z, rho, w)) - value(ArrayMath.axpy(z, -rho, w))
        evaluations += 2
        return ArrayMath.scale(Double(d) * difference / (2 * rho), w)
      }, value: trace.value, exactGradient: trace.gradient)
    try run.result("function_evaluations", Double(evaluations))
    try run.result("time_lower_s", lowerTime.total)
  }
}
