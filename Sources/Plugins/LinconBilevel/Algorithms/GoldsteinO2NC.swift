import CatalogueSDK

/// `goldstein-o2nc`: the O2NC driver (spec §4.5) fed the F2CBA hypergradient (spec §4.3), the dimension-free
/// route to (δ, ε)-Goldstein stationarity with a dual oracle.
enum GoldsteinO2NC {
  static let algorithm = Algorithm(
    id: "goldstein-o2nc",
    name: "Inexact online-to-nonconvex conversion with the F2CBA oracle",
    summary: "O2NC windows on F2CBA hypergradients; returns the window with the smallest mean gradient (certificate)",
    provenance: .reconstructed(
      "The paper's Algorithm 1-O2NC is reconstructed from its claims and the O2NC of Cutkosky–Mehta–Orabona: "
        + "window T = ⌈4G²/ε²⌉, ball radius D = δ/T, online step η = D/(G√T), ℓ2-ball projection, x ← x + Δ. The "
        + "official ffo_complex differs (box clip, D = ε³, Δ passed through Adam/SGD) and is not copied. The "
        + "certificate ‖ḡ‖ bounds the Goldstein norm only up to the oracle's error; which window the paper "
        + "outputs (random or best) is uncertain, the best one is returned."),
    accepts: [.bilevel],
    needs: [.constraints, .euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 200,
    parameters: GoldsteinParameters.all + F2CBAParameters.all
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let oracle = try F2CBAOracle(problem, settings: try F2CBAParameters.settings(run.parameters))
    try F2CBAParameters.configure(oracle.penaltySolver, run.parameters)
    let schedule = try GoldsteinParameters.schedule(
      run.parameters, gradientBound: run.parameters.real("lipschitz"))
    let trace = try GoldsteinParameters.traceOracles(run, problem)
    try schedule.run(
      run, start: try problem.initialPoint().x,
      oracle: { z, _ in
        let estimate = try oracle.evaluate(at: z)
        run.count(.innerStep, estimate.innerSteps)
        return estimate.gradient
      }, value: trace.value, exactGradient: trace.gradient)
    try run.result("time_lower_s", oracle.lowerTime.total)
    try run.result("time_penalty_s", oracle.penaltyTime.total)
  }
}
