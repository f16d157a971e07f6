import CatalogueSDK

/// `sa-flat`: Algorithm 2 of Ahn, Jadbabaie and Sra, sharpness-aware perturbation (spec §2.6, §3.3).
///
/// For a finite sum, the perturbation probes one example's gradient direction with a random sign and takes that
/// same example's gradient there. Near the minimum set this drifts along −∇tr ∇²f without RS's 1/d factor; with
/// the full batch the gain is lost, which is the paper's explanation of why SAM needs stochastic gradients.
enum SharpnessAwarePerturbation {
  static let algorithm = Algorithm(
    id: "sa-flat",
    name: "Sharpness-aware perturbation (SA)",
    summary: "Gated GD + projected per-sample gradient at a random-sign per-sample ascent point (Alg. 2)",
    provenance: .reconstructed(
      "components verified from text copies of the paper (per-sample direction ∇fᵢ/‖∇fᵢ‖, random sign, the same "
        + "sample at the perturbed point, projection, Remark 2 fallback, final GD); the update formula, batch "
        + "sampling without replacement and all constants are reconstructed (spec §3.3)"),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "hyperbola",
    defaultMaxIterations: 1_000_000,
    parameters: FlatSettings.parameters(finalDescent: true) + [
      .int(
        "batch_size", default: 1, in: 0...1_000_000_000, unit: "samples",
        help: "examples in the perturbation (0 = full objective, which loses SA's gain)"),
      .real(
        "fallback_radius", default: 1e-6, above: 0, logScale: true,
        help: "‖ξ‖ of Remark 2: direction of ∇f_B(x + ξ) when ∇f_B(x) = 0"),
    ] + FlatRunner.commonParameters
  ) { run in
    let rule = Perturbation.sharpnessAware(
      batchSize: try run.parameters.int("batch_size"), fallbackRadius: try run.parameters.real("fallback_radius"))
    try FlatRunner.run(run, rule: rule)
  }
}
