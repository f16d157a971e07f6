import CatalogueSDK

/// `implicit-kkt`: the exact hypergradient from the active-set KKT system (spec §7.2) driven by Adam or SGD; the
/// catalogue's stand-in for the official `cvxpylayer` baseline (spec §4.6).
enum ImplicitKKT {
  static let algorithm = Algorithm(
    id: "implicit-kkt",
    name: "Implicit differentiation of the KKT system",
    summary: "Exact hypergradient by implicit differentiation on the active set (cvxpylayer baseline), Adam or SGD",
    provenance: .standard(
      "Implicit differentiation of the lower-level KKT conditions under strict complementarity and LICQ; checked "
        + "against central differences of F on random instances of all three problems. Replaces the official "
        + "cvxpylayer baseline, which differentiates the same conic solution; that baseline evaluates at "
        + "x + N(0, 0.01²I), reproduced with perturbation = 0.01."),
    accepts: [.bilevel],
    needs: [.constraints, .lowerHessian, .euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 1000,
    parameters: UpperOptimizer.parameters + [
      .real(
        "perturbation", default: 0, min: 0,
        help: "evaluate the gradient at x + N(0, δ²I) (official cvxpylayer baseline: 0.01)"),
      .choice(
        "hessian", default: "every-step", choices: ["every-step", "once"],
        help: "rebuild ∇²_yy g at every x (any problem) or once (exact when it is constant, as in the toys)"),
      F2CBAParameters.trackError,
    ]
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let estimator = try KKTEstimator(
      problem, perturbation: try run.parameters.real("perturbation"),
      exactHessian: try run.parameters.string("hessian") == "every-step")
    try HypergradientDescent.run(run, estimator)
  }
}
