import CatalogueSDK

/// The paper's claims as executable experiments (memformer.md §4, §6; common-incontext-regression.md §9).
///
/// Transformers report `ln_test_loss_l<L>` for L = 1…4 layers and the per-prompt baselines the same keys for k
/// steps, all on the same test prompts of a seed, so one claim can compare a Memformer with CG directly.
enum MemformerExperiments {
  static let all = [layers, isotropic, oneLayer, protocols]

  /// A trained-model run group: 3 seeds of the default 3000 steps (quick: 1 seed, 1000 steps).
  static func trained(
    _ label: String, _ algorithm: String, _ parameters: [(String, String)] = [], problem: [(String, String)] = []
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: algorithm, algorithmParameters: parameters, problemParameters: problem, seeds: 3,
      maxIterations: 3000, quickSeeds: 1, quickMaxIterations: 1000)
  }

  /// A baseline run group: 4 seeds × 10,000 test prompts = the reference table's 40,000. Baselines take about a
  /// second, so the quick version keeps all 4 seeds: one seed's Monte Carlo error is too large for the tolerances.
  static func baseline(
    _ label: String, _ algorithm: String, _ parameters: [(String, String)] = [], problem: [(String, String)] = []
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: algorithm, algorithmParameters: parameters, problemParameters: problem, seeds: 4)
  }

  /// ln(test loss) within `tolerance` of a reference value (bounds rounded to 6 decimals for the report).
  static func near(
    _ id: String, _ statement: String, _ run: String, _ metric: String, _ value: Double, _ tolerance: Double
  ) -> Experiment.Claim {
    func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
    return .init(
      id: id, statement: statement, run: run, metric: metric, aggregate: .mean,
      check: .range(lower: rounded(value - tolerance), upper: rounded(value + tolerance)))
  }

  static let layers = Experiment(
    id: "memformer-layers",
    title: "ln(test loss) against 1–4 layers on the code's rotated covariance (Figure 1)",
    summary: "Trains the CG-like Memformer with learned full preconditioners and with scalar ones, the LFOM "
      + "Memformer and the plain linear transformer (one model per depth 1–4, 3000 Adam steps), and runs per-prompt "
      + "CG, tuned GD, heavy ball and Nesterov for 1–4 steps on the same test prompts. Claims: with learned "
      + "preconditioners the Memformer beats 4-step CG (paper ≈ −2.0 vs −1.5); without preconditioning CG wins; "
      + "the baselines reproduce the reference table.",
    runs: [
      trained("memformer-preconditioned", "memformer-cg"),
      trained("memformer-scalar", "memformer-cg", [("preconditioner", "scalar")]),
      trained("lfom", "memformer-lfom"),
      trained("transformer", "linear-transformer"),
      baseline("cg", "icl-cg"),
      baseline("gd", "icl-gd"),
      baseline("gd-per-step", "icl-gd", [("tuning", "per-step")]),
      baseline("heavy-ball", "icl-heavy-ball"),
      baseline("nesterov", "icl-nesterov"),
    ],
    claims: [
      .init(
        id: "preconditioned-memformer-beats-cg",
        statement: "With learned preconditioners on non-isotropic data a 4-layer Memformer beats 4 steps of CG (so "
          + "does the plain linear transformer: the memory's share is the next claim)",
        run: "memformer-preconditioned", metric: "test_loss_l4", aggregate: .mean,
        check: .atMostRatio(other: "cg", ratio: 1)),
      .init(
        id: "memory-ablation",
        statement: "Memory ablation: with the same depth (4), parametrisation and training, the CG-like Memformer's "
          + "test loss is at most 0.9× the plain linear transformer's",
        run: "memformer-preconditioned", metric: "test_loss_l4", aggregate: .mean,
        check: .atMostRatio(other: "transformer", ratio: 0.9)),
      .init(
        id: "preconditioned-memformer-near-minus-two",
        statement: "The 4-layer Memformer with preconditioners reaches ln loss ≈ −2.0 or lower",
        run: "memformer-preconditioned", metric: "ln_test_loss_l4", aggregate: .mean,
        check: .range(lower: -4, upper: -1.8)),
      .init(
        id: "cg-wins-without-preconditioning",
        statement: "Without preconditioning (A_l = a_l·I) 4-step CG beats the 4-layer Memformer (paper −1.5 vs −0.4)",
        run: "cg", metric: "test_loss_l4", aggregate: .mean,
        check: .atMostRatio(other: "memformer-scalar", ratio: 0.5)),
      near("cg-k1", "CG after 1 step: reference ln loss 0.695", "cg", "ln_test_loss_l1", 0.695, 0.05),
      near("cg-k2", "CG after 2 steps: reference ln loss 0.154", "cg", "ln_test_loss_l2", 0.154, 0.05),
      near("cg-k3", "CG after 3 steps: reference ln loss −0.617", "cg", "ln_test_loss_l3", -0.617, 0.05),
      near("cg-k4", "CG after 4 steps: reference ln loss −1.604", "cg", "ln_test_loss_l4", -1.604, 0.05),
      near("gd-k1", "GD, best constant step, 1 step: reference 0.816", "gd", "ln_test_loss_l1", 0.816, 0.05),
      near("gd-k2", "GD, best constant step, 2 steps: reference 0.499", "gd", "ln_test_loss_l2", 0.499, 0.05),
      near("gd-k3", "GD, best constant step, 3 steps: reference 0.334", "gd", "ln_test_loss_l3", 0.334, 0.05),
      near("gd-k4", "GD, best constant step, 4 steps: reference 0.201", "gd", "ln_test_loss_l4", 0.201, 0.05),
      .init(
        id: "gd-per-step-k4",
        statement: "GD with tuned per-step sizes, 4 steps, at least as good as the reference's search (−0.098; "
          + "this plugin's search finds about −0.15)",
        run: "gd-per-step", metric: "ln_test_loss_l4", aggregate: .mean, check: .range(lower: -0.3, upper: -0.048)),
    ]
  )

  static let isotropicProblem = [("covariance", "isotropic")]

  static let isotropic = Experiment(
    id: "memformer-isotropic",
    title: "Isotropic data: CG dominates the Memformer (Figure 2b) and the baselines match the reference table",
    summary: "The CG-like Memformer with full preconditioners against per-prompt CG and tuned GD on isotropic "
      + "prompts (Σ = I, w ~ N(0, I)). The errors after 3–4 CG or tuned GD steps are heavy-tailed: the per-seed spread "
      + "of ln loss is about 0.1, so the deep claims allow 0.08–0.12 (about two standard errors of 4 seeds).",
    runs: [
      trained("memformer", "memformer-cg", problem: isotropicProblem),
      baseline("cg", "icl-cg", problem: isotropicProblem),
      baseline("gd", "icl-gd", problem: isotropicProblem),
      baseline("gd-per-step", "icl-gd", [("tuning", "per-step")], problem: isotropicProblem),
    ],
    claims: [
      .init(
        id: "cg-dominates-isotropic",
        statement: "On isotropic data 4-step CG beats the 4-layer Memformer",
        run: "cg", metric: "test_loss_l4", aggregate: .mean, check: .atMostRatio(other: "memformer", ratio: 1)),
      near("cg-k1", "CG after 1 step: reference −0.085", "cg", "ln_test_loss_l1", -0.085, 0.05),
      near("cg-k2", "CG after 2 steps: reference −1.760", "cg", "ln_test_loss_l2", -1.760, 0.05),
      near("cg-k3", "CG after 3 steps: reference −3.749", "cg", "ln_test_loss_l3", -3.749, 0.08),
      near("cg-k4", "CG after 4 steps: reference −6.416", "cg", "ln_test_loss_l4", -6.416, 0.12),
      near("gd-k1", "GD, best constant step, 1 step: reference 0.160", "gd", "ln_test_loss_l1", 0.160, 0.05),
      near("gd-k4", "GD, best constant step, 4 steps: reference −1.803", "gd", "ln_test_loss_l4", -1.803, 0.05),
      near(
        "gd-per-step-k4", "GD, best per-step sizes, 4 steps: reference −2.913", "gd-per-step", "ln_test_loss_l4",
        -2.913, 0.1),
    ]
  )

  static let oneLayer = Experiment(
    id: "linear-transformer-one-layer",
    title: "A trained one-layer linear transformer reaches the optimum d(d+1)/(n+1+d) (Theorem 1, isotropic)",
    summary: "Trains the one-layer sparse linear transformer on isotropic prompts with w ~ N(0, I); the optimal "
      + "loss is 30/26 = 1.1538 (ln 0.143) at A = n/(n+1+d)·I.",
    runs: [
      .init(
        label: "one-layer", algorithm: "linear-transformer",
        algorithmParameters: [("layers", "1"), ("all_depths", "false")],
        problemParameters: [("covariance", "isotropic"), ("task_prior", "identity")], seeds: 3, maxIterations: 3000,
        quickSeeds: 1, quickMaxIterations: 1500)
    ],
    claims: [
      near(
        "one-layer-optimum", "The trained one-layer loss is the closed-form optimum ln(30/26) = 0.143",
        "one-layer", "ln_test_loss_l1", 0.143, 0.04)
    ]
  )
  /// The catalogue's schedule against the official code's under one 3000-step budget, with the memory ablation
  /// repeated under the official schedule.
  static let protocols = Experiment(
    id: "memformer-protocols",
    title: "Training protocol: a fresh batch every step and lr halved every 1000 steps against the code's schedule",
    summary: "The CG-like Memformer (full preconditioners, 4 layers) trained for 3000 steps with protocol=catalogue "
      + "(the default: batch redrawn every step, lr halved every 1000) and protocol=official (the code: batch "
      + "redrawn every 100 steps, lr halved every 4000), and the plain linear transformer under the official "
      + "schedule, 3 seeds (quick: 1 seed, 1000 steps). The code's runs are much longer than 3000 steps; this "
      + "measures what its schedule gives at the catalogue's budget.",
    runs: [
      trained("catalogue", "memformer-cg"),
      trained("official", "memformer-cg", [("protocol", "official")]),
      trained("transformer-official", "linear-transformer", [("protocol", "official")]),
    ],
    claims: [
      .init(
        id: "catalogue-schedule-better",
        statement: "At 3000 steps the catalogue's schedule ends with a lower 4-layer test loss than the official one",
        run: "catalogue", metric: "test_loss_l4", aggregate: .mean, check: .atMostRatio(other: "official", ratio: 1)),
      .init(
        id: "memory-ablation-official",
        statement: "Memory ablation under the official schedule: the CG-like Memformer's 4-layer test loss is at most "
          + "0.9× the plain linear transformer's",
        run: "official", metric: "test_loss_l4", aggregate: .mean,
        check: .atMostRatio(other: "transformer-official", ratio: 0.9)),
    ]
  )
}
