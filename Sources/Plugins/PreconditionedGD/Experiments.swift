import CatalogueSDK

/// The paper's claims as executable experiments (preconditioned-gd.md §3–§5, common-incontext-regression.md §9).
///
/// Every Monte Carlo comparison is made in units of the run's own standard error (`*_abs_z` results), so a tolerance
/// states how many standard errors are allowed instead of a constant that may be too tight for one test-set size or
/// too loose for another. Trained models and baselines run with the same seeds and draw their test sets first, so
/// they are tested on the same prompts.
enum PreconditionedGDExperiments {
  static let all = [oneLayer, construction, threeLayer, layers, contextLength]

  /// Theorem 1's setting: isotropic covariates, w ~ N(0, I).
  static let theorem = [("covariance", "isotropic"), ("task_prior", "identity")]

  /// A range claim on the seeds' aggregate.
  static func within(
    _ id: String, _ statement: String, _ run: String, _ metric: String, _ aggregate: Experiment.Aggregate,
    _ lower: Double, _ upper: Double
  ) -> Experiment.Claim {
    .init(
      id: id, statement: statement, run: run, metric: metric, aggregate: aggregate,
      check: .range(lower: lower, upper: upper))
  }

  /// `metric` of `run` at most `ratio` times that of `other` (seed means).
  static func below(
    _ id: String, _ statement: String, _ run: String, _ other: String, _ metric: String, ratio: Double
  ) -> Experiment.Claim {
    .init(
      id: id, statement: statement, run: run, metric: metric, aggregate: .mean,
      check: .atMostRatio(other: other, ratio: ratio))
  }

  static func trained(
    _ label: String, _ parameters: [(String, String)], problem: [(String, String)] = theorem, steps: Int,
    quickSteps: Int, seeds: Int = 3
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: "lt-pgd", algorithmParameters: parameters, problemParameters: problem, seeds: seeds,
      maxIterations: steps, quickSeeds: 1, quickMaxIterations: quickSteps)
  }

  /// Hand-built models and baselines take seconds: the quick version keeps every seed, unless `quickSeeds` matches
  /// it to a trained group's quick seed so that ratio claims compare the same test prompts.
  static func evaluated(
    _ label: String, _ algorithm: String, _ parameters: [(String, String)], problem: [(String, String)] = theorem,
    seeds: Int = 4, quickSeeds: Int = 0
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: algorithm, algorithmParameters: parameters, problemParameters: problem, seeds: seeds,
      quickSeeds: quickSeeds)
  }

  static let oneLayer = Experiment(
    id: "pgd-one-layer",
    title: "Theorem 1: the trained one-layer transformer is one step of preconditioned GD with A₀",
    summary: "Trains one sparse layer (Adam, fresh batches of 1000) on isotropic prompts with w ~ N(0, I) and on the "
      + "code's rotated Σ (lr 0.05), and builds Theorem 1's A₀ = (((n+1)/n)Σ + (tr Σ/n)I)⁻¹ by hand for the isotropic, paper and "
      + "code Σ. Claims: the learned A is within 0.05 (relative Frobenius) of A₀ and its test loss within 3 standard "
      + "errors of L* = 1.1538 (isotropic) / 0.6818 (code Σ), where the exact loss of the learned A is within 5% of L* "
      + "and A within 0.25 of A₀ (the loss barely depends on A along Σ's smallest eigendirection); the hand-built A₀ reaches L* (1.1538, 1.2001, 0.6818) "
      + "within 3.5 standard errors on every seed.",
    runs: [
      trained("trained", [], steps: 2000, quickSteps: 1000),
      trained(
        "trained-code", [("learning_rate", "0.05"), ("lr_decay_every", "1000")],
        problem: [("covariance", "code"), ("task_prior", "identity")], steps: 2000, quickSteps: 1500),
      evaluated("optimum-isotropic", "lt-pgd-construct", [("construction", "optimum")]),
      evaluated(
        "optimum-paper", "lt-pgd-construct", [("construction", "optimum")],
        problem: [("covariance", "paper"), ("task_prior", "identity")]),
      evaluated(
        "optimum-code", "lt-pgd-construct", [("construction", "optimum")],
        problem: [("covariance", "code"), ("task_prior", "identity")]),
    ],
    claims: [
      within(
        "learned-a-is-a0", "The learned A is within 0.05 of A₀ = n/(n+1+d)·I = 0.769·I on every seed", "trained",
        "closed_form_distance_l1", .max, 0, 0.05),
      within(
        "trained-loss-is-l-star", "The trained test loss is L* = 1.1538 within 3 standard errors on every seed",
        "trained", "loss_gap_abs_z_l1", .max, 0, 3),
      within(
        "excess-loss-code", "On the code's Σ (w ~ N(0, I)) the learned A's exact loss is within 5% of L* on every seed",
        "trained-code", "excess_loss_ratio_l1", .max, 0, 0.05),
      within(
        "learned-a-near-a0-code",
        "On the code's Σ the learned A is within 0.25 of A₀ (the loss is flat along Σ's 0.0625 eigendirection)",
        "trained-code", "closed_form_distance_l1", .max, 0, 0.25),
      within(
        "trained-loss-is-l-star-code", "On the code's Σ the trained test loss is L* = 0.6818 within 3 standard errors",
        "trained-code", "loss_gap_abs_z_l1", .max, 0, 3),
      within(
        "a0-isotropic", "A₀ reaches L* = 1.1538 within 3.5 standard errors on every seed", "optimum-isotropic",
        "loss_gap_abs_z", .max, 0, 3.5),
      within(
        "a0-paper", "A₀ reaches L* = 1.2001 (paper Σ) within 3.5 standard errors on every seed", "optimum-paper",
        "loss_gap_abs_z", .max, 0, 3.5),
      within(
        "a0-code", "A₀ reaches L* = 0.6818 (code Σ) within 3.5 standard errors on every seed", "optimum-code",
        "loss_gap_abs_z", .max, 0, 3.5),
    ]
  )

  static let perStepSteps = [("steps", "0.692,1.719,0.423"), ("reference_ln_loss", "-2.012")]

  static let construction = Experiment(
    id: "pgd-construction",
    title: "The sparse 3-layer construction is per-step GD prompt by prompt, with ln loss −2.012",
    summary: "Builds the sparse 3-layer transformer with A_ℓ = η_ℓ·I, η = (0.692, 1.719, 0.423) on isotropic prompts, "
      + "and with A_ℓ = η_ℓ·Σ⁻¹ on the code's rotated Σ with w ~ N(0, Σ⁻¹) (Theorem 3's form; whitened, the same "
      + "problem). Claims: after every layer the model's prediction equals the weight-space iterate's to 1e-12 on "
      + "every prompt; the ln loss is −2.012 (the spec's high-precision value) within 3.5 standard errors per seed.",
    runs: [
      evaluated("gd", "lt-pgd-construct", [("construction", "gd")] + perStepSteps),
      evaluated(
        "pgd-code", "lt-pgd-construct", [("construction", "pgd")] + perStepSteps,
        problem: [("covariance", "code"), ("task_prior", "inverse-covariance")]),
    ],
    claims: [
      within(
        "gd-prompt-by-prompt", "η_ℓ·I layers equal per-step GD on every prompt (relative 1e-12)", "gd",
        "prediction_gap", .max, 0, 1e-12),
      within(
        "gd-ln-loss", "Its ln loss is −2.012 within 3.5 standard errors on every seed", "gd", "reference_abs_z", .max,
        0, 3.5),
      within(
        "pgd-prompt-by-prompt", "η_ℓ·Σ⁻¹ layers equal per-step Σ⁻¹-PGD on every prompt (relative 1e-12)",
        "pgd-code", "prediction_gap", .max, 0, 1e-12),
      within(
        "pgd-ln-loss", "On the rotated Σ with w ~ N(0, Σ⁻¹) its ln loss is also −2.012 within 3.5 standard errors",
        "pgd-code", "reference_abs_z", .max, 0, 3.5),
    ]
  )

  static let threeLayer = Experiment(
    id: "pgd-three-layer",
    title: "A trained 3-layer transformer with B blocks beats 3-step preconditioned GD by far (isotropic)",
    summary: "Trains 3-layer models on isotropic prompts with w ~ N(0, I) (the official simple demonstration, scaled "
      + "down to batches of 1000 and 2500 Adam steps; the sparse model 1500): parametrisation (b) with learned B blocks, and the sparse (a), "
      + "next to 3-step GD with tuned per-step η (the best the sparse form can represent). Claims: (b) falls below "
      + "1e-2 test loss and below a tenth of per-step GD; (a) stays within 10% of per-step GD; (b)'s blocks approach "
      + "multiples of I; its last B never moves.",
    runs: [
      trained("value-key", [("layers", "3"), ("parametrisation", "value-key")], steps: 2500, quickSteps: 1400),
      trained("sparse", [("layers", "3")], steps: 1500, quickSteps: 800),
      evaluated("gd-per-step", "icl-pgd", [("steps", "3"), ("tuning", "per-step")], seeds: 3, quickSeeds: 1),
    ],
    claims: [
      within(
        "value-key-below-1e-2", "Parametrisation (b) reaches test loss below 1e-2", "value-key", "test_loss_l3", .mean,
        0, 1e-2),
      below(
        "value-key-far-below-pgd", "(b) is below a tenth of 3-step GD with tuned per-step η", "value-key",
        "gd-per-step", "test_loss_l3", ratio: 0.1),
      below(
        "sparse-near-per-step-gd", "The sparse (a) model is within 10% of per-step GD (its best form)", "sparse",
        "gd-per-step", "test_loss_l3", ratio: 1.1),
      within(
        "value-key-identity",
        "(b)'s learned A blocks move towards multiples of I (distance to identity ≤ 0.5; ≈ 0.9 at initialisation)",
        "value-key", "max_identity_distance_l3", .max, 0, 0.5),
      within(
        "last-b-frozen", "The last layer's B gets no gradient: it never moves", "value-key",
        "last_value_block_change_l3", .max, 0, 0),
    ]
  )

  static let layers = Experiment(
    id: "pgd-layers",
    title: "ln(test loss) against 1–4 layers, trained transformers next to GD with tuned steps (isotropic)",
    summary:
      "Trains one model per depth 1–4 side by side (sparse and with B blocks; 1000 Adam steps on batches of 500) "
      + "on isotropic prompts with "
      + "w ~ N(0, I), and runs GD (= Σ⁻¹-PGD here) with the best constant and per-step η for 1–4 steps on the same "
      + "test prompts. Claims: at 1–3 layers the sparse model is within 10% of per-step GD (its best form, Theorem "
      + "3's critical point) and beats constant-η GD at 4 layers; the B blocks win from 2 layers on.",
    runs: [
      trained("sparse", [("layers", "4"), ("all_depths", "true"), small], steps: 1000, quickSteps: 1000, seeds: 2),
      trained(
        "value-key", [("layers", "4"), ("all_depths", "true"), ("parametrisation", "value-key"), small], steps: 1000,
        quickSteps: 1000, seeds: 2),
      evaluated("gd-constant", "icl-pgd", [("steps", "4")], seeds: 2, quickSeeds: 1),
      evaluated("gd-per-step", "icl-pgd", [("steps", "4"), ("tuning", "per-step")], seeds: 2, quickSeeds: 1),
    ],
    claims: [
      below(
        "sparse-l1", "1 layer: sparse within 10% of 1-step GD", "sparse", "gd-per-step", "test_loss_l1", ratio: 1.1),
      below(
        "sparse-l2", "2 layers: sparse within 10% of per-step GD", "sparse", "gd-per-step", "test_loss_l2", ratio: 1.1),
      below(
        "sparse-l3", "3 layers: sparse within 10% of per-step GD", "sparse", "gd-per-step", "test_loss_l3", ratio: 1.1),
      below(
        "sparse-beats-constant-l4", "4 layers: sparse beats GD with the best constant η", "sparse", "gd-constant",
        "test_loss_l4", ratio: 1),
      below(
        "value-key-l2", "2 layers: B blocks beat the sparse model", "value-key", "sparse", "test_loss_l2", ratio: 1),
      below(
        "value-key-l4", "4 layers: B blocks beat the sparse model", "value-key", "sparse", "test_loss_l4", ratio: 1),
    ]
  )

  static func atContext(_ n: Int) -> [(String, String)] { theorem + [("n", "\(n)")] }

  /// Batches of 500 prompts for the many-model experiments (CPU budget; the official runs use 20,000–40,000).
  static let small = ("batch_size", "500")

  static let contextLength = Experiment(
    id: "pgd-context-length",
    title: "Test loss against the context length n ∈ {5, 10, 20, 40}: 3-layer transformer, 3-step GD and OLS",
    summary: "Trains the 3-layer transformer with B blocks on isotropic prompts with n = 5, 10, 20, 40 context points "
      + "(the variable-N notebook, scaled down to 1000 Adam steps on batches of 500) and runs 3-step GD with tuned per-step η and least squares on the same "
      + "test prompts. Without noise OLS is exact for n ≥ d = 5. Claims: the transformer beats 3-step GD at every n "
      + "and improves with n.",
    runs: [5, 10, 20, 40].flatMap { n in
      [
        trained(
          "value-key-n\(n)", [("layers", "3"), ("parametrisation", "value-key"), small], problem: atContext(n),
          steps: 1000, quickSteps: 1000, seeds: 2),
        evaluated(
          "gd-per-step-n\(n)", "icl-pgd", [("steps", "3"), ("tuning", "per-step")], problem: atContext(n), seeds: 2,
          quickSeeds: 1),
        evaluated(
          "ols-n\(n)", "icl-ols", [], problem: atContext(n), seeds: 2,
          quickSeeds: 1),
      ]
    },
    claims: [10, 20, 40].map { n in
      below(
        "value-key-beats-gd-n\(n)", "n = \(n): the 3-layer transformer beats 3-step per-step GD", "value-key-n\(n)",
        "gd-per-step-n\(n)", "test_loss_l3", ratio: 1)
    } + [
      below(
        "value-key-improves-with-n", "The transformer's loss at n = 40 is below half its loss at n = 10",
        "value-key-n40", "value-key-n10", "test_loss_l3", ratio: 0.5)
    ]
  )
}
