import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The in-context linear regression problem (kind `regression-tasks`) shared by every in-context plugin:
/// prompts of n points and a query sharing a fresh task vector, with the Memformer code's rotated covariance by
/// default (common-incontext-regression spec §1–2).
///
/// Declared once here and registered by one plugin only (`in-context-regression`), so `catalogue list` shows one
/// problem that memformer, preconditioned-gd, linear-attention-dynamics and any third party train and test on.
/// Algorithms that need another setting name it in their default problem
/// (`"icl-regression?covariance=isotropic;task_prior=identity"`) rather than registering a copy.
public enum RegressionPrompts {
  /// The problem id.
  public static let id = "icl-regression"

  /// The problem's parameters.
  public static let parameters: [Parameter] = [
    .int("d", default: 5, in: 1...256, help: "feature dimension d (the rotated covariances need d = 5)"),
    .int("n", default: 20, in: 1...100_000, help: "context points per prompt"),
    .choice(
      "covariance", default: "code", choices: CovarianceMode.allCases.map(\.rawValue),
      help: "code: x = U·diag(1,1,1/2,1/4,1)·z; paper: Σ eigenvalues (1,1,.25,2.25,1); isotropic: Σ = I"),
    .choice(
      "features", default: "gaussian", choices: ["gaussian", "sphere", "gamma"],
      help: "law of the un-rotated covariate: Gaussian, uniform on the sphere, or heavy-tailed Gamma radius"),
    .real("gamma_shape", default: 0.1, above: 0, logScale: true, help: "Gamma shape k of features=gamma"),
    .choice(
      "task_prior", default: TaskPrior.inverseCovariance.rawValue, choices: TaskPrior.allCases.map(\.rawValue),
      help: "w = U·D⁻¹·w₀ (the code; w ~ N(0, Σ⁻¹)) or w ~ N(0, I) (the one-layer optimum theorem)"),
    .real("noise", default: 0, min: 0, help: "label noise standard deviation σ (query labels too)"),
  ]

  /// The problem family.
  public static let family = ProblemFamily(
    id: id,
    name: "In-context linear regression prompts",
    summary: "Prompts (x₁, y₁, …, x_n, y_n, x_query) with y = ⟨w, x⟩ + σε, a fresh w per prompt, rotated covariance",
    kind: .regressionTasks,
    parameters: parameters
  ) { params, rng in
    let sampler = try makeSampler(params, rng: &rng)
    var references: [(name: String, value: Double)] = [("zero_predictor_loss", sampler.zeroPredictorLoss)]
    if sampler.features == .gaussian, sampler.noiseStd == 0,
      sampler.taskPrior == .identity || sampler.covarianceMode == .isotropic
    {
      references.append(
        (
          "one_layer_optimal_loss",
          try OneLayerOptimum.loss(covariance: sampler.covarianceMatrix, contextLength: sampler.contextLength)
        ))
    }
    return ProblemInstance(.regressionTasks(sampler), references: references)
  }

  /// The sampler described by validated problem parameters (draws U from `rng` for rotated covariances).
  public static func makeSampler(_ params: ParameterValues, rng: inout CatalogueRandom) throws
    -> RegressionPromptSampler
  {
    let covarianceName = try params.string("covariance")
    guard let covariance = CovarianceMode(rawValue: covarianceName) else {
      throw PluginError(.invalidArgument, "covariance must be isotropic, code or paper, got '\(covarianceName)'")
    }
    let features: FeatureDistribution
    switch try params.string("features") {
    case "gaussian": features = .gaussian
    case "sphere": features = .sphere
    case "gamma": features = .gamma(shape: try params.real("gamma_shape"))
    case let other: throw PluginError(.invalidArgument, "features must be gaussian, sphere or gamma, got '\(other)'")
    }
    let priorName = try params.string("task_prior")
    guard let prior = TaskPrior(rawValue: priorName) else {
      throw PluginError(.invalidArgument, "task_prior must be inverse-covariance or identity, got '\(priorName)'")
    }
    return try RegressionPromptSampler(
      featureDimension: try params.int("d"), contextLength: try params.int("n"), noiseStd: try params.real("noise"),
      features: features, covariance: covariance, taskPrior: prior, rng: &rng)
  }
}
