import CatalogueSDK

/// The `rhgd` baseline: Riemannian hypergradient descent with an exact (Lyapunov or dense), conjugate-gradient or
/// Neumann hypergradient, on the same problems and with the same trace columns as RF²SA.
enum RHGD {
  static let algorithm = Algorithm(
    id: "rhgd",
    name: "RHGD (Riemannian hypergradient descent)",
    summary: "Lower-level Riemannian GD, then a hypergradient step: exact (Lyapunov/dense), CG or Neumann solve",
    provenance: .reconstructed(
      "the update of Han et al. (NeurIPS 2024, arXiv 2402.03883) as in andyjm3/rhgd at ed87ebc (warm-started lower "
        + "Riemannian GD, hypergradient, retraction step). Checked: exact hypergradients equal central differences "
        + "of F and the dense solve; the code was read, not run. Defaults ηₓ = η_y = 0.5 and S = 20 are the synthetic "
        + "test's base setting; the script as committed overwrites it with setting 'ns_aba', so its effective run is "
        + "S = 50 with a Neumann hypergradient of 200 terms at γ = 0.5 (lower_iters=50 hypergradient=neumann "
        + "neumann_iters=200 neumann_step=0.5 reproduces it; the series is the code's γΣ(I − γH)ʲb). The Lyapunov "
        + "solve is its closed-form Hessian inverse, recovered generically from Hessian products"),
    citation: Citation(
      authors: "Han, Mishra, Jawanpuria, Takeda", title: "A Framework for Bilevel Optimization on Riemannian Manifolds",
      venue: "NeurIPS", year: 2024, arxiv: "2402.03883", url: "https://github.com/andyjm3/rhgd"),
    accepts: [.bilevel],
    needs: [.lowerHessian, .unconstrained],
    defaultProblem: StiefelSPDBilevel.family.id,
    defaultMaxIterations: 300,
    parameters: [
      .real("eta_x", default: 0.5, above: 0, logScale: true, help: "ηₓ, the upper step"),
      .real("eta_y", default: 0.5, above: 0, logScale: true, help: "η_y, the lower-level gradient step"),
      .int("lower_iters", default: 20, in: 0...100_000, help: "S, lower-level steps per outer step (warm-started)"),
      .choice(
        "lower_solver", default: "gd", choices: ["gd", "exact"],
        help: "gd: S Riemannian gradient steps; exact: the problem's closed-form y*(x)"),
      .choice(
        "hypergradient", default: "auto", choices: HypergradientMethod.choices,
        help: "solve of Hess_y g[v] = grad_y f: auto (lyapunov on SPD, else dense), lyapunov, dense, cg, neumann"),
      .int("cg_iters", default: 50, in: 1...100_000, help: "CG iterations (hypergradient=cg)"),
      .real("cg_tol", default: 1e-10, above: 0, logScale: true, help: "CG relative residual tolerance"),
      .int("neumann_iters", default: 50, in: 1...100_000, help: "Neumann terms (hypergradient=neumann)"),
      .real("neumann_step", default: 0.5, above: 0, logScale: true, help: "η of the Neumann series, below 2/L_g"),
      StepMap.parameter,
      .bool(
        "diagnostics", default: true,
        help: "compute F, the exact ‖grad F‖ and the hypergradient error (false, for timing: f = f(xₖ, y))"),
    ]
  ) { run in
    try RHGDDriver.run(run)
  }
}
