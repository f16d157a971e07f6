import CatalogueSDK

/// The paper's claims as executable experiments (linear-attention-dynamics.md §4.1, §5), at the scaled-down sizes of
/// §4.2. Every group trains `lt-train` from the same seeds, so SGDM and Adam of one seed share the test batch, the
/// initialisation and the training batches; measurements not needed by a claim are switched off to save time.
enum DynamicsExperiments {
  static let all = [adamVersusSGDM, tailGap, noise, tailNoise, conditioning, smoothness]

  /// The paper's default setting ("normal": x ~ N(0, I), w ~ N(0, I), n = 20).
  static let normal = [("covariance", "isotropic"), ("n", "20")]
  /// Heavy-tailed covariates: x = (z/‖z‖)·√G, G ~ Gamma(0.1, √100), n = 20.
  static let gamma = [("covariance", "isotropic"), ("n", "20"), ("features", "gamma"), ("gamma_shape", "0.1")]
  /// Training only: no R_med, no smoothness.
  static let trainingOnly = [("rmed_every", "0"), ("smoothness_steps", "0")]

  static func group(
    _ label: String, _ parameters: [(String, String)], problem: [(String, String)], seeds: Int, steps: Int,
    quickSeeds: Int = 0, quickSteps: Int = 0, fullOnly: Bool = false
  ) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: "lt-train", algorithmParameters: parameters, problemParameters: problem,
      seeds: seeds, maxIterations: steps, quickSeeds: quickSeeds, quickMaxIterations: quickSteps, fullOnly: fullOnly)
  }

  static let adamVersusSGDM = Experiment(
    id: "lad-adam-vs-sgdm",
    title: "Adam's test loss ends at least 10× below SGDM's under identical clipping (Figures 1 and 3)",
    summary: "Trains the 3-layer linear transformer with SGD-momentum and with Adam, each at its tabled learning "
      + "rate and global-norm clipping at 1, on normal covariates (n = 20) and on heavy-tailed gamma(0.1) "
      + "covariates, 3 seeds of 1000 steps (quick: 1 seed, 500 steps). Claim: the mean final test loss of Adam "
      + "is at most a tenth of SGDM's in both settings.",
    runs: [
      group(
        "adam-normal", [("optimizer", "adam")] + trainingOnly, problem: normal, seeds: 3, steps: 1000,
        quickSeeds: 1, quickSteps: 500),
      group(
        "sgdm-normal", [("optimizer", "sgdm")] + trainingOnly, problem: normal, seeds: 3, steps: 1000,
        quickSeeds: 1, quickSteps: 500),
      group(
        "adam-gamma", [("optimizer", "adam")] + trainingOnly, problem: gamma, seeds: 3, steps: 1000,
        quickSeeds: 1, quickSteps: 500),
      group(
        "sgdm-gamma", [("optimizer", "sgdm")] + trainingOnly, problem: gamma, seeds: 3, steps: 1000,
        quickSeeds: 1, quickSteps: 500),
    ],
    claims: [
      .init(
        id: "adam-10x-normal", statement: "normal, n = 20: mean test loss of Adam ≤ 0.1 × that of SGDM",
        run: "adam-normal", metric: "test_loss", aggregate: .mean, check: .atMostRatio(other: "sgdm-normal", ratio: 0.1)
      ),
      .init(
        id: "adam-10x-gamma", statement: "gamma(0.1), n = 20: mean test loss of Adam ≤ 0.1 × that of SGDM",
        run: "adam-gamma", metric: "test_loss", aggregate: .mean, check: .atMostRatio(other: "sgdm-gamma", ratio: 0.1)),
    ]
  )

  static let tailGap = Experiment(
    id: "lad-tail-gap",
    title: "The Adam–SGDM gap grows with heavier-tailed covariates (Section 4)",
    summary:
      "Trains Adam and SGDM side by side (`lt-gap`: same initialisation, same batches, each mode's tabled rates and "
      + "clipping) on the covariate laws of the official code, lightest tail first: sphere (x = z/‖z‖, SGDM 5, Adam "
      + "0.1, clipping 0.1), then gamma(k) for k = 2.5 (exactly N(0, I) at d = 5), 0.5 and 0.1 (rates 0.02, "
      + "clipping 1), n = 20, 3 seeds of 1000 steps (quick: 1 seed, 300 steps). The gap is the ratio of Adam's final "
      + "test loss to SGDM's (smaller = larger gap). Claims: its mean over seeds does not increase from one law to "
      + "the next heavier one, sphere → 2.5 → 0.5 → 0.1.",
    runs: [
      gapGroup("sphere", [("features", "sphere")]),
      gapGroup("k2.5", [("features", "gamma"), ("gamma_shape", "2.5")]),
      gapGroup("k0.5", [("features", "gamma"), ("gamma_shape", "0.5")]),
      gapGroup("k0.1", [("features", "gamma"), ("gamma_shape", "0.1")]),
    ],
    claims: [
      .init(
        id: "gap-grows-normal", statement: "mean Adam/SGDM test-loss ratio at k = 2.5 (normal) ≤ that on the sphere",
        run: "k2.5", metric: "adam_sgdm_ratio", aggregate: .mean, check: .atMostRatio(other: "sphere", ratio: 1)),
      .init(
        id: "gap-grows-k0.5", statement: "mean Adam/SGDM test-loss ratio at k = 0.5 ≤ that at k = 2.5 (normal)",
        run: "k0.5", metric: "adam_sgdm_ratio", aggregate: .mean, check: .atMostRatio(other: "k2.5", ratio: 1)),
      .init(
        id: "gap-grows-k0.1", statement: "mean Adam/SGDM test-loss ratio at k = 0.1 ≤ that at k = 0.5",
        run: "k0.1", metric: "adam_sgdm_ratio", aggregate: .mean, check: .atMostRatio(other: "k0.5", ratio: 1)),
    ]
  )

  /// One `lt-gap` group on isotropic prompts with n = 20 and the covariate law `features`.
  static func gapGroup(_ label: String, _ features: [(String, String)]) -> Experiment.RunGroup {
    .init(
      label: label, algorithm: "lt-gap", algorithmParameters: [],
      problemParameters: [("covariance", "isotropic"), ("n", "20")] + features,
      seeds: 3, maxIterations: 1000, quickSeeds: 1, quickMaxIterations: 300)
  }

  static let noise = Experiment(
    id: "lad-noise",
    title: "The stochastic-gradient noise at initialisation is heavier-tailed than Gaussian noise (Figure 4)",
    summary: "At the initialisation of each seed, draws K minibatch gradients (B = 1000) and a reference gradient on "
      + "100,000 prompts (normal, n = 20), and compares the Hill tail index (top 5%) of ‖g − ḡ‖ with that of Gaussian "
      + "noise of the same covariance (20 replicates of K draws), and the excess kurtosis of the norms with the "
      + "Gaussian's. Full: K = 10,000, the sizes of plot_stochastic_noise.ipynb, 3 seeds; the Gaussian Hill index is "
      + "at least 1.25× the measured one (the Hill estimator's relative standard error on the top 500 points is about "
      + "4.5%, so Gaussian noise gives 1.00 ± 0.05) and the kurtosis exceeds the Gaussian's by at least 1 (standard "
      + "error about 0.05). Both versions also run K = 2000 (quick: 1 seed), a test with the power of that size: the "
      + "Hill ratio is at least 1.2 (two standard errors, 0.10 on the top 100 points) and the kurtosis gap at least "
      + "0.33 (three standard errors, about 0.11 at 2000 draws).",
    runs: [
      group(
        "noise", [("noise_samples", "10000"), ("noise_reference", "100000")] + trainingOnly, problem: normal,
        seeds: 3, steps: 1, fullOnly: true),
      group(
        "noise-2000", noiseOnly(2000), problem: normal, seeds: 3, steps: 1, quickSeeds: 1, quickSteps: 1),
    ],
    claims: [
      .init(
        id: "heavier-than-gaussian-hill",
        statement: "K = 10,000: Gaussian Hill index / measured Hill index ≥ 1.25 (mean over seeds)",
        run: "noise", metric: "noise_tail_ratio", aggregate: .mean, check: .range(lower: 1.25, upper: 1e6),
        fullOnly: true),
      .init(
        id: "heavier-than-gaussian-kurtosis",
        statement: "K = 10,000: excess kurtosis of ‖g − ḡ‖ minus that of Gaussian noise of the same covariance ≥ 1 "
          + "(mean)",
        run: "noise", metric: "noise_excess_kurtosis_gap", aggregate: .mean, check: .range(lower: 1, upper: 1e6),
        fullOnly: true),
      .init(
        id: "heavier-than-gaussian-hill-2000",
        statement: "K = 2000: Gaussian Hill index / measured Hill index ≥ 1.2 (mean over seeds)",
        run: "noise-2000", metric: "noise_tail_ratio", aggregate: .mean, check: .range(lower: 1.2, upper: 1e6)),
      .init(
        id: "heavier-than-gaussian-kurtosis-2000",
        statement: "K = 2000: excess kurtosis gap to Gaussian noise of the same covariance ≥ 0.33 (mean)",
        run: "noise-2000", metric: "noise_excess_kurtosis_gap", aggregate: .mean,
        check: .range(lower: 0.33, upper: 1e6)),
    ]
  )

  static let tailNoise = Experiment(
    id: "lad-tail-noise",
    title: "The gradient noise gets heavier-tailed with heavier-tailed covariates (Section 4)",
    summary: "At the initialisation of each seed, measures the gradient noise as lad-noise does (minibatch gradients "
      + "of B = 1000, ḡ on 100,000 prompts) on the three covariate laws of the official code, lightest tail first: "
      + "sphere, normal and gamma(0.1) (n = 20), 3 seeds. The statistic is the tail ratio (Gaussian Hill index / "
      + "measured Hill index; 1 for Gaussian noise). Full: K = 2000 minibatch gradients per law; claims: its mean "
      + "over seeds does not decrease from one law to the next heavier one, sphere → normal → gamma(0.1). Both "
      + "versions also compare normal and gamma(0.1) at K = 500 (quick: 1 seed), where the Hill estimator on the top "
      + "25 points has a relative standard error of 20%: the same order claim for these two laws.",
    runs: [
      group(
        "sphere", noiseOnly(2000), problem: [("covariance", "isotropic"), ("n", "20"), ("features", "sphere")],
        seeds: 3, steps: 1, fullOnly: true),
      group("normal", noiseOnly(2000), problem: normal, seeds: 3, steps: 1, fullOnly: true),
      group("gamma", noiseOnly(2000), problem: gamma, seeds: 3, steps: 1, fullOnly: true),
      group("normal-500", noiseOnly(500), problem: normal, seeds: 3, steps: 1, quickSeeds: 1, quickSteps: 1),
      group("gamma-500", noiseOnly(500), problem: gamma, seeds: 3, steps: 1, quickSeeds: 1, quickSteps: 1),
    ],
    claims: [
      .init(
        id: "noise-heavier-normal",
        statement: "K = 2000: mean noise tail ratio on the sphere ≤ that on normal covariates",
        run: "sphere", metric: "noise_tail_ratio", aggregate: .mean, check: .atMostRatio(other: "normal", ratio: 1),
        fullOnly: true),
      .init(
        id: "noise-heavier-gamma",
        statement: "K = 2000: mean noise tail ratio on normal covariates ≤ that on gamma(0.1)",
        run: "normal", metric: "noise_tail_ratio", aggregate: .mean, check: .atMostRatio(other: "gamma", ratio: 1),
        fullOnly: true),
      .init(
        id: "noise-heavier-gamma-500",
        statement: "K = 500: mean noise tail ratio on normal covariates ≤ that on gamma(0.1)",
        run: "normal-500", metric: "noise_tail_ratio", aggregate: .mean,
        check: .atMostRatio(other: "gamma-500", ratio: 1)),
    ]
  )

  /// The noise measurement alone: K minibatch gradients and ḡ on 100,000 prompts.
  static func noiseOnly(_ samples: Int) -> [(String, String)] {
    [("noise_samples", String(samples)), ("noise_reference", "100000")] + trainingOnly
  }

  static let conditioning = Experiment(
    id: "lad-conditioning",
    title: "SGDM's trajectory is worse conditioned than Adam's: R_med ratio above 1 at iteration 750 (Figure 5)",
    summary: "Measures R_med = max|H_jj| / median|H_jj| of the test loss every 250 steps along SGDM and Adam "
      + "trajectories (normal, n = 20, lr 0.02 both), 3 seeds of 750 steps (quick: 1 seed). The "
      + "official code reports a ratio of 2.57 ± 0.91 at 750 and exactly 1 at 0. Claims: the mean R_med of Adam at "
      + "step 750 is below SGDM's, and equal to it at step 0.",
    runs: [
      group(
        "adam", [("optimizer", "adam"), ("rmed_until", "750"), ("smoothness_steps", "0")], problem: normal,
        seeds: 3, steps: 750, quickSeeds: 1, quickSteps: 750),
      group(
        "sgdm", [("optimizer", "sgdm"), ("rmed_until", "750"), ("smoothness_steps", "0")], problem: normal,
        seeds: 3, steps: 750, quickSeeds: 1, quickSteps: 750),
    ],
    claims: [
      .init(
        id: "ratio-above-one-750", statement: "R_med(SGDM)/R_med(Adam) > 1 at iteration 750 (mean over seeds)",
        run: "adam", metric: "r_med_750", aggregate: .mean, check: .atMostRatio(other: "sgdm", ratio: 1)),
      .init(
        id: "same-start", statement: "R_med(Adam) = R_med(SGDM) at iteration 0 (same initialisation)",
        run: "adam", metric: "r_med_0", aggregate: .mean, check: .atMostRatio(other: "sgdm", ratio: 1)),
    ]
  )

  static let smoothness = Experiment(
    id: "lad-smoothness",
    title: "Directional smoothness grows with the gradient norm over Adam's first 2000 steps (Figure 6)",
    summary: "Along Adam's first 2000 steps (normal, n = 20, seed 1 as in the notebook), measures the curvature of "
      + "the test loss along each step and the test gradient norm; quick: the first 500 steps. Claim: Spearman's ρ "
      + "over the points of positive curvature is above 0.05 (about two standard errors of ρ under independence "
      + "for 2000 points).",
    runs: [
      group(
        "adam", [("optimizer", "adam"), ("rmed_every", "0"), ("smoothness_steps", "2000")], problem: normal,
        seeds: 1, steps: 1999, quickSeeds: 1, quickSteps: 499)
    ],
    claims: [
      .init(
        id: "positive-correlation", statement: "Spearman ρ(smoothness, ‖∇f‖) > 0.05",
        run: "adam", metric: "smoothness_spearman", aggregate: .mean, check: .range(lower: 0.05, upper: 1))
    ]
  )
}
