import CatalogueSDK

/// The spec's checkable claims (invex.md §7 as corrected, §5) as executable experiments. No claim rests on the
/// O(1/k) argument of §4.4: its three-point condition (C2) fails for K3 with non-constant Dφ (§4.3), so the I1/I2
/// claims are measured comparisons and exact identities, not rates.
enum InvexExperiments {
  static let all = [reparametrised, spd, projected, sineSquared]

  /// Algorithm parameters that switch off the method's own stopping rules, so runs spend the whole budget.
  static let fullBudget = [("grad_tol", "0"), ("f_rel_tol", "0")]

  static func group(
    _ label: String, _ algorithm: String, _ problem: String, _ parameters: [(String, String)] = [],
    problem problemParameters: [(String, String)] = [], seeds: Int = 5, budget: Int, quickSeeds: Int = 3
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: algorithm, problem: problem, algorithmParameters: parameters,
      problemParameters: problemParameters, seeds: seeds, maxIterations: budget, quickSeeds: quickSeeds,
      quickMaxIterations: budget)
  }

  /// a and b agree within a relative tolerance: a ≤ (1 + tol)·b and b ≤ (1 + tol)·a.
  static func same(_ id: String, _ statement: String, _ a: String, _ b: String, _ metric: String, tolerance: Double)
    -> [Experiment.Claim]
  {
    [
      .init(
        id: id + "-below", statement: statement, run: a, metric: metric, aggregate: .max,
        check: .atMostRatio(other: b, ratio: 1 + tolerance)),
      .init(
        id: id + "-above", statement: statement, run: b, metric: metric, aggregate: .max,
        check: .atMostRatio(other: a, ratio: 1 + tolerance)),
    ]
  }

  static let reparametrised = Experiment(
    id: "invex-reparametrised-ls",
    title: "I1: K1 is GD, metric-gradient K3 is GD on u and far faster; Euclidean-gradient K3 is comparable to GD in x",
    summary: "Noise-free I1 (m = 30, n = 10, β = 0.9, ‖A‖₂ = 1, u_true ~ N(0, 9I), f* = 0), 5 seeds, 1000 "
      + "iterations with the stopping rules off. GD in x (invex-gd kernel=k1, backtracking, which is baselines gd "
      + "iterate for iterate), Euclidean-gradient invex GD (kernel=k3, backtracking), metric-gradient invex GD "
      + "(kernel=k3 gradient=metric, step 1 = 1/L_u) and baselines gd on u (the same problem with β = 0, step 1). "
      + "Spec §7 as corrected: metric K3 ≫ invex GD ≈ GD in x.",
    runs: [
      group("baseline-gd-x", "gd", "reparam-ls", [("step_size", "0.2")], budget: 1000),
      group(
        "invex-k1", "invex-gd", "reparam-ls",
        [("kernel", "k1"), ("step", "constant"), ("step_size", "0.2")] + fullBudget, budget: 1000),
      group("gd-x", "invex-gd", "reparam-ls", [("kernel", "k1")] + fullBudget, budget: 1000),
      group("invex-euclidean", "invex-gd", "reparam-ls", [("kernel", "k3")] + fullBudget, budget: 1000),
      group(
        "invex-metric", "invex-gd", "reparam-ls",
        [("kernel", "k3"), ("gradient", "metric"), ("step", "constant"), ("step_size", "1")] + fullBudget,
        budget: 1000),
      group(
        "invex-metric-short", "invex-gd", "reparam-ls",
        [("kernel", "k3"), ("gradient", "metric"), ("step", "constant"), ("step_size", "1")] + fullBudget,
        budget: 40),
      group("gd-u-short", "gd", "reparam-ls", [("step_size", "1")], problem: [("beta", "0")], budget: 40),
    ],
    claims:
      same(
        "k1-equals-gd", "K1 invex GD with a constant step is GD in x (baselines gd), iterate for iterate",
        "invex-k1", "baseline-gd-x", "f", tolerance: 0)
      + same(
        "metric-k3-equals-gd-on-u",
        "Metric-gradient K3 invex GD is GD on u = φ(x): f after 40 steps agrees with baselines gd on u to 1e-8",
        "invex-metric-short", "gd-u-short", "f", tolerance: 1e-8)
      + [
        .init(
          id: "metric-k3-reaches-zero",
          statement: "Metric-gradient K3 reaches f* = 0 to rounding (f ≤ 1e-25 for every seed) within 1000 steps",
          run: "invex-metric", metric: "f", aggregate: .max, check: .range(lower: 0, upper: 1e-25)),
        .init(
          id: "metric-k3-far-faster-than-gd-x",
          statement: "Metric-gradient K3 ends orders of magnitude below GD in x (median f ratio ≤ 1e-10)",
          run: "invex-metric", metric: "f", aggregate: .median, check: .atMostRatio(other: "gd-x", ratio: 1e-10)),
        .init(
          id: "metric-k3-far-faster-than-euclidean-invex",
          statement: "Metric-gradient K3 ends orders of magnitude below Euclidean-gradient invex GD (median ≤ 1e-10)",
          run: "invex-metric", metric: "f", aggregate: .median,
          check: .atMostRatio(other: "invex-euclidean", ratio: 1e-10)),
        .init(
          id: "euclidean-invex-comparable-to-gd-x",
          statement: "Euclidean-gradient K3 invex GD is not faster than GD in x by more than 10× (median f)",
          run: "gd-x", metric: "f", aggregate: .median, check: .atMostRatio(other: "invex-euclidean", ratio: 10)),
        .init(
          id: "gd-x-comparable-to-euclidean-invex",
          statement: "GD in x is not faster than Euclidean-gradient K3 invex GD by more than 10× (median f)",
          run: "invex-euclidean", metric: "f", aggregate: .median, check: .atMostRatio(other: "gd-x", ratio: 10)),
      ]
  )

  static let spd = Experiment(
    id: "invex-spd",
    title: "I3 on SPD(5): Gaussian NLL reaches Σ = S, Karcher mean matches the fixed point, Tyler up to scale",
    summary: "K2 invex GD with the Euclidean gradient (Exp_Σ(−α∇f)) and with the Riemannian one (RGD), safeguarded "
      + "Euclidean GD (kernel=k1) and baselines gd (RGD with the SPD retraction), 3000 iterations, 5 seeds. "
      + "dist_to_opt is the affine-invariant distance to S, to the independent Karcher fixed point, and for Tyler "
      + "between det-1 normalisations.",
    runs: [
      group("nll-invex", "invex-gd", "gaussian-nll", [("kernel", "k2")] + fullBudget, budget: 3000),
      group(
        "nll-rgd", "invex-gd", "gaussian-nll", [("kernel", "k2"), ("gradient", "metric")] + fullBudget, budget: 3000),
      group("nll-euclidean-gd", "invex-gd", "gaussian-nll", [("kernel", "k1")] + fullBudget, budget: 3000),
      group("nll-baseline-rgd", "gd", "gaussian-nll", [("step_size", "0.5")], budget: 3000),
      group("karcher-invex", "invex-gd", "karcher-mean", [("kernel", "k2")] + fullBudget, budget: 3000),
      group(
        "karcher-rgd", "invex-gd", "karcher-mean", [("kernel", "k2"), ("gradient", "metric")] + fullBudget, budget: 3000
      ),
      group("karcher-baseline-rgd", "gd", "karcher-mean", [("step_size", "1")], budget: 3000),
      group("tyler-invex", "invex-gd", "tyler", [("kernel", "k2")] + fullBudget, budget: 3000),
      group("tyler-rgd", "invex-gd", "tyler", [("kernel", "k2"), ("gradient", "metric")] + fullBudget, budget: 3000),
      group("tyler-baseline-rgd", "gd", "tyler", [("step_size", "0.5")], budget: 3000),
    ],
    claims: [
      .init(
        id: "nll-invex-reaches-s",
        statement: "Invex GD (K2, Euclidean gradient) on the Gaussian NLL converges to Σ = S (median d ≤ 1e-5)",
        run: "nll-invex", metric: "dist_to_opt", aggregate: .median, check: .range(lower: 0, upper: 1e-5)),
      .init(
        id: "nll-invex-worst-seed",
        statement: "… but slowly on ill-conditioned S: every seed within d ≤ 1e-2 after 3000 steps",
        run: "nll-invex", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-2)),
      .init(
        id: "nll-rgd-reaches-s", statement: "RGD (K2, metric gradient) on the Gaussian NLL converges to Σ = S",
        run: "nll-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "nll-rgd-ahead-of-invex",
        statement: "RGD ends at least 1000× closer to S than the Euclidean-gradient K2 step (median distance)",
        run: "nll-rgd", metric: "dist_to_opt", aggregate: .median, check: .atMostRatio(other: "nll-invex", ratio: 1e-3)),
      .init(
        id: "nll-baseline-rgd-reaches-s", statement: "The comparison point, baselines gd (RGD, retraction), reaches S",
        run: "nll-baseline-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "karcher-invex-matches-fixed-point",
        statement: "Invex GD (K2) reaches the Karcher mean of the independent fixed-point iteration",
        run: "karcher-invex", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "karcher-rgd-matches-fixed-point", statement: "RGD (K2, metric gradient) reaches the same Karcher mean",
        run: "karcher-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-9)),
      .init(
        id: "karcher-baseline-rgd-matches-fixed-point", statement: "Baselines gd (RGD, step 1) reaches it too",
        run: "karcher-baseline-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "tyler-invex-up-to-scale",
        statement: "Invex GD (K2) reaches Tyler's fixed point after normalising det Σ = 1",
        run: "tyler-invex", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-6)),
      .init(
        id: "tyler-rgd-up-to-scale", statement: "RGD (K2, metric gradient) reaches Tyler's fixed point up to scale",
        run: "tyler-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "tyler-baseline-rgd-up-to-scale", statement: "Baselines gd (RGD, step 0.5) reaches it up to scale too",
        run: "tyler-baseline-rgd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
    ]
  )

  static let box = [("constraint", "eigenvalue-box")]
  static let ball = [("constraint", "geodesic-ball")]

  static let projected = Experiment(
    id: "invex-projected",
    title: "Projected invex GD stays feasible and reaches the constrained optimum (I2, Gaussian NLL with constraints)",
    summary: "invex-pgd on I2 (box [−0.5, 0.5] on u = φ(x)) with the Euclidean and the metric gradient, against "
      + "baselines gd with the same projection (projected GD in x); on the Gaussian NLL over the eigenvalue box "
      + "0.5I ⪯ Σ ⪯ 2I and the geodesic ball d(I, Σ) ≤ 1 with K2 (metric gradient) and over the box with K1. "
      + "max_violation is the largest violation over all iterates; the constrained optima are computed independently "
      + "(coordinate descent in u; eigenvalue clipping of S; a scalar KKT solve for the ball).",
    runs: [
      group("i2-invex", "invex-pgd", "reparam-ls-box", budget: 2000),
      group(
        "i2-invex-metric", "invex-pgd", "reparam-ls-box",
        [("gradient", "metric"), ("step", "constant"), ("step_size", "1")], budget: 2000),
      group("i2-baseline-pgd", "gd", "reparam-ls-box", [("step_size", "0.2")], budget: 2000),
      group(
        "nll-box", "invex-pgd", "gaussian-nll", [("kernel", "k2"), ("gradient", "metric")], problem: box, budget: 2000),
      group("nll-box-k1", "invex-pgd", "gaussian-nll", [("kernel", "k1")], problem: box, budget: 2000),
      group(
        "nll-ball", "invex-pgd", "gaussian-nll", [("kernel", "k2"), ("gradient", "metric")], problem: ball,
        budget: 2000),
    ],
    claims: [
      .init(
        id: "i2-feasible", statement: "Projected invex GD on I2 is feasible at every iterate",
        run: "i2-invex", metric: "max_violation", aggregate: .max, check: .range(lower: 0, upper: 0)),
      .init(
        id: "i2-optimal", statement: "Projected invex GD on I2 reaches the constrained optimum (f − f* ≤ 1e-10)",
        run: "i2-invex", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-12, upper: 1e-10)),
      .init(
        id: "i2-metric-optimal", statement: "The metric-gradient variant (projected GD on u) reaches it too",
        run: "i2-invex-metric", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-12, upper: 1e-10)),
      .init(
        id: "i2-baseline-pgd-optimal",
        statement: "The comparison point, projected GD in x (baselines gd, step 0.2), reaches the same optimum",
        run: "i2-baseline-pgd", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-12, upper: 1e-10)),
      .init(
        id: "nll-box-feasible", statement: "Projected K2 on the eigenvalue box is feasible at every iterate",
        run: "nll-box", metric: "max_violation", aggregate: .max, check: .range(lower: 0, upper: 1e-12)),
      .init(
        id: "nll-box-optimal", statement: "… and reaches S with its eigenvalues clipped to [0.5, 2]",
        run: "nll-box", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-6)),
      .init(
        id: "nll-box-k1-optimal", statement: "Projected Euclidean GD (K1) reaches the same constrained optimum",
        run: "nll-box-k1", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-6)),
      .init(
        id: "nll-ball-feasible", statement: "Projected K2 on the geodesic ball is feasible at every iterate",
        run: "nll-ball", metric: "max_violation", aggregate: .max, check: .range(lower: 0, upper: 1e-12)),
      .init(
        id: "nll-ball-optimal", statement: "… and reaches the ball's minimiser from the scalar KKT solve",
        run: "nll-ball", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-6)),
    ]
  )

  static let sineSquared = Experiment(
    id: "invex-sin-squared",
    title: "I4: x² + 3 sin²x, nonconvex and invex, converges to its one stationary point 0 from every start",
    summary: "invex-gd (kernel k1: only GD applies) with backtracking and baselines gd (step 0.1 < 1/L = 1/8) "
      + "from 8 starts uniform on [−4, 4], 500 iterations.",
    runs: [
      group("invex", "invex-gd", "sin-squared", seeds: 8, budget: 500, quickSeeds: 8),
      group("baseline-gd", "gd", "sin-squared", [("step_size", "0.1")], seeds: 8, budget: 500, quickSeeds: 8),
    ],
    claims: [
      .init(
        id: "invex-reaches-zero", statement: "Invex GD reaches x* = 0 (|x| ≤ 1e-8) from every start",
        run: "invex", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-8)),
      .init(
        id: "gd-reaches-zero", statement: "GD with step 0.1 reaches x* = 0 from every start",
        run: "baseline-gd", metric: "dist_to_opt", aggregate: .max, check: .range(lower: 0, upper: 1e-8)),
    ]
  )
}
