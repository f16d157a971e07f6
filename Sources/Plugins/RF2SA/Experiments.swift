import CatalogueSDK

/// The plugin's executable claims (rf2sa.md §6.1, §8; issue 6). The paper reports no numbers, so these are the
/// behavioural checks of the spec on the synthetic Stiefel/SPD problem.
enum RF2SAExperiments {
  static let all = [synthetic]

  /// The effective setting of andyjm3/rhgd's `test_synthetic_spd_gr.py` at ed87ebc: its last `setting = 'ns_aba'`
  /// overrides the base S = 20 with S = 50 and a Neumann hypergradient of 200 terms at γ = 0.5.
  static let referenceScript = [
    ("lower_iters", "50"), ("hypergradient", "neumann"), ("neumann_iters", "200"), ("neumann_step", "0.5"),
  ]

  /// RF²SA and RHGD on T1 over 5 seeds: RF²SA reaches RHGD's optimum without second-order oracles.
  static let synthetic = Experiment(
    id: "rf2sa-synthetic",
    title: "RF²SA against RHGD on the synthetic Stiefel/SPD problem (n = 30, d = 8, r = 3)",
    summary: "Runs deterministic RF²SA (2000 iterations, default schedule) and RHGD with the exact Lyapunov "
      + "hypergradient (300 iterations, and with the reference script's effective S = 50 and Neumann hypergradient) "
      + "on the same 5 instances. f_gap is F(xₖ) minus the value at the stationary "
      + "point exact RHGD reaches from the same start. Claims: RF²SA's F ends within 1e-3 of that optimum, its exact "
      + "‖grad F‖ falls at least 100x, and all iterates stay on their manifolds to 1e-10.",
    runs: [
      .init(label: "rf2sa", algorithm: "rf2sa", seeds: 5, maxIterations: 2000, quickSeeds: 2),
      .init(label: "rhgd", algorithm: "rhgd", seeds: 5, maxIterations: 300, quickSeeds: 2),
      .init(
        label: "rhgd-reference-script", algorithm: "rhgd", algorithmParameters: referenceScript, seeds: 5,
        maxIterations: 300, quickSeeds: 2),
    ],
    claims: [
      .init(
        id: "f-within-1e-3-above",
        statement: "RF²SA's F(x_K) is at most 1e-3 above the optimum found by RHGD",
        run: "rf2sa", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-3, upper: 1e-3)),
      .init(
        id: "f-within-1e-3-below",
        statement: "RF²SA's F(x_K) is at most 1e-3 below the optimum found by RHGD (the same stationary point)",
        run: "rf2sa", metric: "f_gap", aggregate: .min, check: .range(lower: -1e-3, upper: 1e-3)),
      .init(
        id: "rhgd-reaches-reference-above",
        statement: "RHGD (exact hypergradient) reaches the reference optimum: f_gap ≤ 1e-8 on every seed",
        run: "rhgd", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-8, upper: 1e-8)),
      .init(
        id: "rhgd-reaches-reference-below",
        statement: "RHGD ends at the reference optimum, not below it: f_gap ≥ −1e-8 on every seed",
        run: "rhgd", metric: "f_gap", aggregate: .min, check: .range(lower: -1e-8, upper: 1e-8)),
      .init(
        id: "grad-norm-100x",
        statement: "RF²SA's exact ‖grad F(x_k)‖ falls by at least 100x (every seed)",
        run: "rf2sa", metric: "grad_norm", aggregate: .max, check: .reduction(factor: 1e-2)),
      .init(
        id: "on-manifold",
        statement: "RF²SA's iterates x, y, z stay on St(8,3) and SPD(8) to 1e-10 (largest error over the run)",
        run: "rf2sa", metric: "max_manifold_error", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
      .init(
        id: "reference-script-reaches-reference",
        statement: "RHGD with the reference script's effective setting (S = 50, 200 Neumann terms at γ = 0.5) reaches "
          + "the same optimum: f_gap ≤ 1e-8 on every seed",
        run: "rhgd-reference-script", metric: "f_gap", aggregate: .max, check: .range(lower: -1e-8, upper: 1e-8)),
      .init(
        id: "reference-script-not-below",
        statement: "…and not below it: f_gap ≥ −1e-8 on every seed",
        run: "rhgd-reference-script", metric: "f_gap", aggregate: .min, check: .range(lower: -1e-8, upper: 1e-8)),
      .init(
        id: "rhgd-on-manifold",
        statement: "RHGD's iterates stay on their manifolds to 1e-10",
        run: "rhgd", metric: "max_manifold_error", aggregate: .max, check: .range(lower: 0, upper: 1e-10)),
    ]
  )
}
