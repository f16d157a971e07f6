import CatalogueSDK
import LinearAttention

/// `graph-transformer`: the linear graph transformer trained on random graphs (electric-flow.md §4.1), with the
/// code's optimiser and schedule per target, evaluated next to plain GD and repeated squaring on the same graphs.
enum TrainedTransformer {
  static let defaultSteps = 1500

  static let algorithm = Algorithm(
    id: "graph-transformer",
    name: "Linear graph transformer, trained",
    summary: "Linear transformer on incidence-matrix tokens [B | Ψ | Φ] (or [B | Φ]) trained with AdamW on the "
      + "scale-invariant loss to output L^†Ψ, L^{†1/2}Ψ or exp(−sL)Ψ, compared with GD and repeated squaring; or, "
      + "with target=eigenvectors, on [B | Φ₁ | Φ₂] with a learned Φ₀ and the ± loss over eigenvectors 2…n, "
      + "compared with subspace iteration",
    provenance: .reconstructed(
      "layer, normalisation, masks, initialisations, loss, optimiser and schedule follow the official notebooks "
        + "(chengxiang/LinearGraphTransformer, electric-flow.md §9); trained on a CPU-scale plan (batch 500, "
        + "1500 steps by default instead of 10,000 graphs and 3,100–40,100 steps)"),
    accepts: [.graphs],
    defaultProblem: GraphProblems.cslID,
    defaultMaxIterations: defaultSteps,
    parameters: [
      .int("layers", default: 3, in: 1...20, help: "layers L"),
      .int(
        "steps", default: defaultSteps, in: 1...10_000_000,
        help: "training steps (the schedule halves lr every lr_decay_fraction of them; --max-iters can stop earlier)"),
      .choice(
        "layout", default: "stack", choices: ["stack", "single-block"],
        help: "[B | Ψ | Φ] or [B | Φ], Φ₀ = Ψ (linear targets; eigenvectors always use [B | Φ₁ | Φ₂])"),
      .choice(
        "target", default: "electric", choices: LaplacianTarget.names + [TrainingJob.eigenvectorTarget],
        help: "L^†Ψ, L^{†1/2}Ψ, exp(−sL)Ψ, or eigenvectors 2…n of L (± loss, learned Φ₀, the eigenvector notebook)"),
      .real("heat_time", default: 0.5, above: 0, help: "s in exp(−sL) (the code's temp = 0.5)"),
      .choice(
        "pb_zero", default: "none", choices: WeightMask.allCases.map(\.rawValue),
        help: "none (the code's PB: 'all'); freeze-b: P and W never write into B (the stored single-block rows); "
          + "sparse-mask: the current training cell's construction mask (stack only)"),
      .choice(
        "init", default: "structured", choices: GraphTransformer.Initialisation.allCases.map(\.rawValue),
        help: "structured: P = 0, Q = K = I, W = 0 (the stored results); normal: all N(0, init_std²) (current cell)"),
      .real("init_std", default: 0.1, min: 0, help: "σ of init=normal and of the eigenvector model's learned Φ₀"),
      .choice(
        "centre_demands", default: "heat-only", choices: DemandCentring.allCases.map(\.rawValue),
        help: "mean-centre Ψ: heat-only (the stored results), always (the current training cell), never"),
      .bool("normalise", default: true, help: "block normalisation after every layer (always on in the code)"),
      .int(
        "batch_size", default: 500, in: 1...1_000_000,
        help: "graphs per step (the code: 10,000; 500 is the CPU plan of electric-flow.md §6)"),
      .int("resample_every", default: 10, in: 1...1_000_000, help: "fresh graphs and demands every this many steps"),
      .int("eval_size", default: 1000, in: 1...1_000_000, help: "graphs in the fixed evaluation batch"),
      .int("eval_every", default: 100, in: 1...1_000_000, help: "evaluate every this many steps"),
      .real(
        "learning_rate", default: -1, min: -1,
        help: "lr·L; −1 = the notebook's: 0.02 (electric-type), 0.01 (eigenvectors)"),
      .real(
        "lr_decay_fraction", default: -1, min: -1, max: 1,
        help: "halve the learning rate every this fraction of `steps`; −1 = the notebook's 20% (eigenvectors 10%)"),
      .real(
        "weight_decay", default: -1, min: -1,
        help: "AdamW decoupled weight decay; −1 = the notebook's 0.01 (eigenvectors 0.001)"),
      .real("beta1", default: 0.9, min: 0, below: 1, help: "AdamW β₁"),
      .real("beta2", default: -1, min: -1, below: 1, help: "AdamW β₂; −1 = the notebook's 0.99 (eigenvectors 0.999)"),
      .real(
        "clip_norm", default: -1, min: -1, help: "global gradient-norm clip; −1 = the notebook's 1 (eigenvectors 0.02)"),
      .string(
        "weights", default: "", help: "evaluate the model in this weights.txt (from a run folder) instead of training"),
    ]
  ) { run in try TrainingJob(run.parameters).execute(run, sampler: try run.problem.graphs()) }
}
