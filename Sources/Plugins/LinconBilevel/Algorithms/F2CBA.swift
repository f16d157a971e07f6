import CatalogueSDK

/// `f2cba`: the 1-INEQ-HG oracle (spec §4.3) driven by Adam or SGD, as `--solver ffo` in the official `main.py`.
enum F2CBA {
  static let algorithm = Algorithm(
    id: "f2cba",
    name: "F2CBA (fully first-order constrained bilevel)",
    summary: "Penalised-Lagrangian hypergradient for linear inequality constraints with dual access, Adam or SGD",
    provenance: .verified(
      "Read against the official main.py (commit d5b8025): the penalised Lagrangian with y*, λ* frozen, α₁ = α⁻², "
        + "α₂ = α⁻⁴ with the ½ on ‖h_I‖², active rows |hᵢ| < 1e-4 and λᵢ > 1e-4, v = ∇ₓ of that Lagrangian at y_α, "
        + "Adam lr 1e-3. The penalty problem is minimised over all y by default: the paper's oracle returns ∇ₓL "
        + "with no multiplier term for constraints of the penalty problem, and the official code's penalty "
        + "problem is unconstrained in effect (it passes the constraint list of the lower-level cvxpy variable, so "
        + "the new variable is free); a test pins the default to the unconstrained closed form. keep_constraints = "
        + "true is this catalogue's variant (h ≤ 0 kept, plus the envelope term J_x(x, y_α)ᵀν), in neither the "
        + "paper nor the code. Differences: both subproblems are solved to round-off (the code uses SCS at "
        + "eps² = 1e-4); no evaluation-point perturbation (the code's is zero in effect, spec §8.5)."),
    accepts: [.bilevel],
    needs: [.constraints, .euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 1000,
    parameters: F2CBAParameters.all + UpperOptimizer.parameters + [F2CBAParameters.trackError]
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let oracle = try F2CBAOracle(problem, settings: try F2CBAParameters.settings(run.parameters))
    try F2CBAParameters.configure(oracle.penaltySolver, run.parameters)
    try HypergradientDescent.run(run, F2CBAEstimator(oracle))
  }
}
