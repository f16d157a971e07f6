import CatalogueSDK
import LinearAttention

/// The algorithms of the plugin: the linear transformer trained with SGDM or Adam under identical clipping, with
/// the paper's measurements (linear-attention-dynamics.md §3.1, §3.4, §4.1).
enum DynamicsAlgorithms {
  /// Half the paper's 10,000 steps, so a default run with its measurements stays within about two minutes on one
  /// core; `--max-iters 10000` gives the paper's length.
  static let defaultSteps = 5000

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
    parameters: DynamicsSettings.parameters(.linear),
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let settings = try DynamicsSettings(run.parameters, sampler: sampler)
      try DynamicsTrainer(settings: settings).execute(run, sampler: sampler)
    }
  )

  static let ltGap = Algorithm(
    id: "lt-gap",
    name: "Adam–SGDM gap of the linear transformer (both optimisers in one run)",
    summary:
      "Trains the 3-layer linear transformer of lt-train twice from the same initialisation on the same batches, "
      + "once with Adam and once with SGD-momentum (tabled rates, identical global-norm clipping), and reports the "
      + "ratio of their final test losses",
    provenance: .verified(
      "each model's training is lt-train's (train.ipynb protocol); running both in one process is ours, so that the "
        + "gap is one result per seed"),
    accepts: [.regressionTasks],
    defaultProblem: defaultProblem,
    defaultMaxIterations: 1000,
    parameters: DynamicsSettings.gapParameters,
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let settings = try [DynamicsSettings.Optimizer.adam, .sgdm].map {
        try DynamicsSettings(gap: run.parameters, optimizer: $0, sampler: sampler)
      }
      try GapTrainer(settings: settings).execute(run, sampler: sampler)
    }
  )

  static let ltTrainMLP = Algorithm(
    id: "lt-train-mlp",
    name: "Linear transformer with a learned feature MLP (non-linear variant)",
    summary:
      "A learned ReLU MLP (d → 30 → d) on the x-rows of every token followed by 3 unconstrained linear-attention "
      + "layers, trained with SGD-momentum or Adam under global-norm clipping on regression through a fixed random "
      + "ReLU feature map; same measurements as lt-train",
    provenance: .reconstructed(
      "model, data and settings follow chengxiang/LinearTransformer nonlinear_regression.ipynb as described in the "
        + "spec (learned MLP on the raw x-rows, unconstrained attention, B = 2000, Adam 0.01 β = (0.9, 0.9) vs SGDM "
        + "0.05, global clipping 1); not run against the notebook's outputs"),
    accepts: [.regressionTasks],
    defaultProblem: RandomFeatureRegression.id,
    defaultMaxIterations: 2000,
    parameters: DynamicsSettings.parameters(.mlp),
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let settings = try DynamicsSettings(run.parameters, sampler: sampler, variant: .mlp)
      try DynamicsTrainer(settings: settings).execute(run, sampler: sampler)
    }
  )
}
