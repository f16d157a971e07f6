import CatalogueSDK
import LinearAlgebra

/// What an algorithm knows about an in-context regression problem through the ABI: Σ, n and σ from the sampler, and
/// the one-layer theory when the problem publishes the setting it holds in.
///
/// The task prior does not cross the ABI. The shared `icl-regression` problem publishes the reference
/// `one_layer_optimal_loss` exactly when Theorem 1 applies (Gaussian covariates, no noise, and w ~ N(0, I) or Σ = I,
/// where both priors coincide), so the theory is used only then, and only after its own L* reproduces the published
/// value: a problem that publishes a different number is not silently compared with the wrong closed form.
struct PromptSetting {
  /// Σ, or nil when the problem has no fixed covariance.
  let covariance: Matrix?
  /// Theorem 1 for this problem, or nil when it does not apply.
  let theory: OneLayerTheory?
  /// Why ``theory`` is nil, for the run log.
  let theoryNote: String?

  init(problem: ProblemInstance, sampler: any RegressionTaskSampler) throws {
    let d = sampler.featureDimension
    covariance = try sampler.covariance().map { Matrix(rows: d, cols: d, elements: $0).symmetrized() }
    guard let published = problem.reference("one_layer_optimal_loss") else {
      theory = nil
      theoryNote =
        "the problem publishes no one_layer_optimal_loss (Theorem 1 needs Gaussian noiseless prompts with "
        + "w ~ N(0, I) or Σ = I: -p task_prior=identity)"
      return
    }
    guard let sigma = covariance else {
      theory = nil
      theoryNote = "the problem has no fixed covariance"
      return
    }
    let candidate = try OneLayerTheory(covariance: sigma, contextLength: sampler.contextLength)
    let mine = try candidate.optimalLoss()
    if abs(mine - published) <= 1e-9 * max(1, abs(published)) {
      theory = candidate
      theoryNote = nil
    } else {
      theory = nil
      theoryNote = "the problem's one_layer_optimal_loss \(published) is not Theorem 1's \(mine) for its Σ"
    }
  }
}
