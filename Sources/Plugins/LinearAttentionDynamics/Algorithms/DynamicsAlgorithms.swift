import CatalogueSDK
import LinearAttention

/// The algorithms of the plugin: the linear transformer trained with SGDM or Adam under identical clipping, with
/// the paper's measurements (linear-attention-dynamics.md §3.1, §3.4, §4.1).
enum DynamicsAlgorithms {
  /// The paper's 10,000 steps.
  static let defaultSteps = 10_000

  /// The paper's default setting: isotropic Gaussian covariates ("normal"), w ~ N(0, I), d = 5, n = 20.
  static let defaultProblem = "\(RegressionPrompts.id)?covariance=isotropic;n=20"

  static let ltTrain = Algorithm(
    id: "lt-train",
    name: "Linear transformer training dynamics (SGDM vs Adam)",
    summary: "3-layer linear transformer, parametrisation (b), trained on fresh in-context regression prompts with "
      + "SGD-momentum or Adam under global-norm clipping; records test loss, gradient-noise tail, R_med and "
      + "directional smoothness",
    provenance: .verified(
      "training protocol and measurements compared with chengxiang/LinearTransformer (train.ipynb, "
        + "plot_*.ipynb, linear_transformer.py): model, loss, data, optimisers, clipping, learning-rate table, "
        + "R_med with the lower median, smoothness along the step; Hessian by finite differences instead of autograd"),
    accepts: [.regressionTasks],
    defaultProblem: defaultProblem,
    defaultMaxIterations: defaultSteps,
    parameters: DynamicsSettings.parameters,
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let settings = try DynamicsSettings(run.parameters, sampler: sampler)
      try DynamicsTrainer(settings: settings).execute(run, sampler: sampler)
    }
  )
}
