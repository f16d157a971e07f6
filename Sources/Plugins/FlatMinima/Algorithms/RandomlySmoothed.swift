import CatalogueSDK

/// `rs-flat`: Algorithm 1 of Ahn, Jadbabaie and Sra, randomly smoothed perturbation (spec §2.3, §3.2).
///
/// Gradients at uniformly perturbed points estimate ∇tr̄ (third derivatives), so the projected perturbation drifts
/// the iterate along the minimum set towards flat minima while the gradient part keeps it on the set.
enum RandomlySmoothed {
  static let algorithm = Algorithm(
    id: "rs-flat",
    name: "Randomly smoothed perturbation (RS)",
    summary: "Gated GD + projected gradient at a uniformly perturbed point: drifts to flat minima (Alg. 1)",
    provenance: .reconstructed(
      "components verified from text copies of the paper (gate ‖∇f‖ ≤ ε₀, vₜ = Proj⊥∇f ∇f(xₜ + ρgₜ), g uniform on "
        + "the sphere, random-iterate output); the update xₜ₊₁ = xₜ − η(∇f + vₜ), GD with η′ otherwise, and all "
        + "constants are reconstructed (spec §3.2)"),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "hyperbola",
    defaultMaxIterations: 1_000_000,
    parameters: FlatSettings.parameters(finalDescent: false) + FlatRunner.commonParameters
  ) { run in
    try FlatRunner.run(run, rule: .randomlySmoothed)
  }
}
