import CatalogueSDK

/// The four samplers of riemannian-langevin.md: GLMC (§3.1, and the split form of §3.4 behind `form`), its
/// retraction variant (§3.3), stochastic-gradient GLMC (§3.2) and the naive embedded ULA baseline (§4.1).
enum LangevinAlgorithms {
  static let all = [glmc, glmcRetraction, sgGLMC, ulaProject]

  /// Parameters every sampler shares (spec §3.6).
  static let common: [Parameter] = [
    .real(
      "step", default: 0.1, max: 10, above: 0, logScale: true,
      help: "δ·L: the step δ in units of 1/L, L the problem's gradient_lipschitz reference (1 if absent)"),
    .int("chains", default: 2000, in: 1...10_000_000, help: "M, the number of independent chains"),
    .int(
      "burn_in", default: 1000, in: 0...Int(Int32.max), unit: "iterations",
      help: "steps before the ergodic estimator starts averaging over time as well as over chains"),
    .int("thin", default: 1, in: 1...1_000_000, help: "the ergodic estimator uses every thin-th step after burn-in"),
    .int(
      "samples", default: 2000, in: 0...10_000_000,
      help: "final states written to samples.csv for `catalogue plot` (0: none)"),
  ]

  /// The paper has no code and no experiments; only its abstract (and a secondary summary) was available.
  static let provenance = Provenance.reconstructed(
    "Geometric Euler–Murayama as the NeurIPS abstract describes it (Exp in Gaussian directions); the exact update "
      + "form (§3.1 one-step vs §3.4 split) is unverified, so both are offered. Checked against exact references: "
      + "vMF Bessel ratios, Watson/H²/SPD(2) quadrature; on ℝⁿ it equals unadjusted Langevin iterate for iterate.")

  static let glmc = Algorithm(
    id: "glmc", name: "Geometric Langevin MCMC",
    summary: "x⁺ = Exp_x(−δ grad h(x) + √(2δ) ξ) for M chains, through the problem's geometry table",
    provenance: provenance, accepts: [.sampling], defaultProblem: "vmf", defaultMaxIterations: 2000,
    parameters: common + [
      .choice(
        "form", default: "one-step", choices: ["one-step", "split"],
        help: "one-step: Exp_x(drift + noise) (§3.1); split: Exp_y(noise) after y = Exp_x(drift) (§3.4)")
    ]
  ) { run in
    let form: StepForm = try run.parameters.string("form") == "split" ? .split : .exponential
    try LangevinSampler(run: run, form: form, batch: nil)()
  }

  static let glmcRetraction = Algorithm(
    id: "glmc-retraction", name: "Geometric Langevin MCMC with a retraction",
    summary: "x⁺ = R_x(−δ grad h(x) + √(2δ) ξ): GLMC with the manifold's retraction in place of Exp",
    provenance: provenance, accepts: [.sampling], defaultProblem: "vmf", defaultMaxIterations: 2000,
    parameters: common
  ) { run in
    try LangevinSampler(run: run, form: .retraction, batch: nil)()
  }

  static let sgGLMC = Algorithm(
    id: "sg-glmc", name: "Stochastic-gradient geometric Langevin MCMC",
    summary: "GLMC with grad h replaced by (N/b) Σ_{i∈batch} grad hᵢ over a fresh batch of b terms per step",
    provenance: provenance, accepts: [.sampling], needs: [.samples], defaultProblem: "vmf-finite-sum",
    defaultMaxIterations: 2000,
    parameters: common + [
      .int("batch", default: 10, in: 1...Int(Int32.max), help: "b, distinct terms per step (b = N: exact gradient)")
    ]
  ) { run in
    try LangevinSampler(run: run, form: .exponential, batch: try run.parameters.int("batch"))()
  }

  static let ulaProject = Algorithm(
    id: "ula-project", name: "Embedded ULA with projection (naive baseline)",
    summary: "y = x − δ∇h(x) + √(2δ) z in the ambient space, then projection onto the manifold (sphere, H², SPD(2))",
    provenance: .standard(
      "The naive baseline of riemannian-langevin.md §4.1: Euclidean ULA in the embedding, then normalisation "
        + "(sphere, hyperboloid) or symmetrisation and eigenvalue clipping (SPD(2)). On H² and SPD(2) it samples "
        + "another law (measured bias 4× and 10× the target); on S² it is itself a first-order scheme and was "
        + "measured no more biased than GLMC (claim vmf-ula-project-not-worse-on-s2), against the spec's expectation."),
    accepts: [.sampling], defaultProblem: "vmf", defaultMaxIterations: 2000,
    parameters: common
  ) { run in
    try LangevinSampler(run: run, form: .embeddedProjection, batch: nil)()
  }
}
