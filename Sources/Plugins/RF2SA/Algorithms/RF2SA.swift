import CatalogueSDK

/// The two RF²SA algorithms: deterministic (`rf2sa`) and stochastic (`rf2sa-stochastic`), one iteration.
enum RF2SA {
  /// What is verified and what is reconstructed (rf2sa.md §1, §2, §4): said by `catalogue info`.
  static let provenance = Provenance.reconstructed(
    "verified from the abstract and secondary summaries only: single loop, value-function Lagrangian "
      + "L_λ = f + λ(g − g*), growing λₖ, first-order oracles. The update is reconstructed as Euclidean F²SA (Kwon et "
      + "al. 2023) with Exp/retractions for additions (spec §4.3); the step-size regimes come from F²SA's rates "
      + "(§4.4); the paper's own constants, output rule and minibatch sharing are unknown and are parameters")

  /// Deterministic RF²SA. Defaults (spec §4.5, tuned on T1): c_γ = 0.25 ≤ 1/L_g on every testbed, λ₀ = c_λc_γ/c_α
  /// = 10 so the O(1/λ) penalty bias stays below the 100x target, and ξₓc_α = 1 for a unit initial x step.
  static let algorithm = Algorithm(
    id: "rf2sa",
    name: "RF²SA (Riemannian F²SA)",
    summary: "Single-loop first-order Riemannian bilevel method: trackers z ≈ y*, y ≈ y*_λ, growing multiplier λₖ",
    provenance: provenance,
    accepts: [.bilevel],
    needs: [.unconstrained],
    defaultProblem: StiefelSPDBilevel.family.id,
    defaultMaxIterations: 2000,
    parameters: StepSchedule.parameters(defaultRegime: .deterministic, cAlpha: 0.025)
      + RF2SADriver.commonParameters(xStepRatio: 40)
  ) { run in
    try RF2SADriver.run(run, stochastic: false)
  }

  /// Stochastic RF²SA. λ₀ = 1 (c_α = 0.25, ξₓ = 4): the noise of the λ-weighted difference of g-gradients grows
  /// with λ, and λ₀ = 10 made independent minibatches of 10 diverge on the quadratic instance.
  static let stochastic = Algorithm(
    id: "rf2sa-stochastic",
    name: "RF²SA, stochastic",
    summary: "RF²SA with minibatches ξ (f), φ and φ′ (g), independent or shared; F²SA's noisy-regime schedules",
    provenance: provenance,
    accepts: [.bilevel],
    needs: [.samples, .unconstrained],
    defaultProblem: StiefelSPDBilevel.family.id,
    defaultMaxIterations: 5000,
    parameters: StepSchedule.parameters(defaultRegime: .bothNoise, cAlpha: 0.25)
      + RF2SADriver.commonParameters(xStepRatio: 4) + MinibatchSampler.parameters
  ) { run in
    try RF2SADriver.run(run, stochastic: true)
  }
}
