import CatalogueSDK
import LinearAttention

/// `lt-pgd`: train an L-layer linear transformer on in-context regression and report what it learned
/// (preconditioned-gd.md §2.4, §4).
///
/// By default a one-layer sparse model on isotropic prompts with w ~ N(0, I), the setting of Theorem 1, so that
/// `catalogue run lt-pgd` ends with the learned A, its distance to the closed form A* = n/(n+1+d)·I and the gap
/// between its test loss and L* = d(d+1)/(n+1+d) in standard errors.
enum TrainedTransformer {
  /// The problem of Theorem 1.
  static let theoremProblem = "icl-regression?covariance=isotropic;task_prior=identity"

  static let parameters: [Parameter] =
    [
      .int("layers", default: 1, in: 1...12, help: "layers L"),
      .bool(
        "all_depths", default: false,
        help: "train one model per depth 1…layers side by side on the same batches (loss against L)"),
      .int("heads", default: 1, in: 1...8, help: "attention heads per layer"),
      .choice(
        "parametrisation", default: "sparse", choices: ["sparse", "value-key"],
        help: "sparse (a): P = e e^T, Q = -[[A,0],[0,0]], exactly L steps of preconditioned GD; value-key (b): "
          + "the code's Transformer_F, P = [[B,0],[0,1]], Q = [[A,0],[0,0]]"),
      .bool(
        "lbfgs", default: false,
        help: "train with L-BFGS (two-loop recursion, Armijo line search) on one fixed batch of batch_size prompts, "
          + "as the official L-BFGS notebook; optimizer, learning rate and clipping are then unused"),
      .int("lbfgs_history", default: 600, in: 1...100_000, help: "L-BFGS memory (the notebook's 600)"),
    ] + TrainingOptions.parameters(learningRate: 0.01, decayEvery: 500, resampleEvery: 1)

  static let algorithm = Algorithm(
    id: "lt-pgd",
    name: "Trained linear transformer (preconditioned GD in context)",
    summary: "Trains an L-layer linear transformer for in-context regression and reports each layer's learned "
      + "preconditioner A_l, its distance to Theorem 1's closed form (L = 1) or to a multiple of Σ⁻¹, and the loss "
      + "of the equivalent preconditioned GD",
    provenance: .reconstructed(
      "model, loss, data, initialisation and Adam settings follow chengxiang/LinearTransformer "
        + "(linear_transformer.py, notebooks); the theorem statements are recalled, the closed form re-derived"),
    accepts: [.regressionTasks],
    defaultProblem: theoremProblem,
    defaultMaxIterations: 2000,
    parameters: parameters
  ) { run in
    let sampler = try run.problem.regressionTasks()
    let setting = try PromptSetting(problem: run.problem, sampler: sampler)
    try TrainingJob(parameters: run.parameters, sampler: sampler).execute(run, sampler: sampler, setting: setting)
  }
}
