import CatalogueSDK

/// The baselines' executable claims: textbook rates that `catalogue reproduce` checks on every build.
enum BaselineExperiments {
  static let all = [quadraticRates]

  /// On a κ = 100 quadratic: CG is exact within n steps; Nesterov beats GD at the same step and budget.
  static let quadraticRates = Experiment(
    id: "baselines-quadratic",
    title: "Textbook rates on a convex quadratic (n = 50, κ = 100)",
    summary: "GD with step 1/L contracts like (1 − 1/κ)ᵏ, Nesterov like (1 − 1/√κ)ᵏ, and linear CG is exact in at "
      + "most n steps. Runs each method on the same instances over 3 seeds.",
    runs: [
      .init(label: "gd", algorithm: "gd", problem: "quadratic", seeds: 3, maxIterations: 300),
      .init(label: "nesterov", algorithm: "nesterov", problem: "quadratic", seeds: 3, maxIterations: 300),
      .init(label: "cg", algorithm: "cg", problem: "quadratic", seeds: 3, maxIterations: 50),
    ],
    claims: [
      .init(
        id: "cg-exact",
        statement: "Linear CG solves an n-dimensional quadratic in at most n steps (here: to round-off, f falls 1e12x)",
        run: "cg", metric: "f_gap", aggregate: .max, check: .reduction(factor: 1e-12)),
      .init(
        id: "nesterov-faster", statement: "Nesterov's method converges faster than gradient descent",
        run: "nesterov", metric: "f_gap", aggregate: .max, check: .atMostRatio(other: "gd", ratio: 1e-2)),
      .init(
        id: "gd-decreases", statement: "Gradient descent with step 1/L at least halves f − f* over the run",
        run: "gd", metric: "f_gap", aggregate: .max, check: .reduction(factor: 0.5)),
      .init(
        id: "gd-monotone",
        statement: "…and decreases f at every step: the largest f(xₖ₊₁) − f(xₖ) over all steps and seeds is negative",
        run: "gd", metric: "max_increase", aggregate: .max, check: .range(lower: -1e300, upper: 0)),
    ]
  )
}
