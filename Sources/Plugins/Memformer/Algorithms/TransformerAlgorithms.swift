import CatalogueSDK
import LinearAttention

/// The three trained models of the plugin: the plain linear transformer and the two Memformers.
///
/// They share every parameter except their memory, and one body (``TransformerJob``), so runs differ only in what
/// the paper varies. Iterations are training steps; `--max-iters` sets the training length.
enum TransformerAlgorithms {
  static let defaultSteps = 3000

  static let provenance = Provenance.reconstructed(
    "recurrences match the authors' code (SanchayanDutta/LinearTransformer: 'Memformer with Gamma.py', Dynamic "
      + "Memory and LFOM notebooks); the paper's propositions are known only through secondary sources; trained "
      + "jointly from scratch as 'Memformer with Gamma.py' does; by default with a fresh batch every step and lr "
      + "halved every 1000 steps (protocol=catalogue), or with the code's batches redrawn every 100 steps and lr "
      + "halved every 4000 (protocol=official); the notebooks' second phase (memory trained on a fixed batch) is "
      + "not offered")

  /// Parameters every transformer algorithm has.
  static let common: [Parameter] =
    [
      .int("layers", default: 4, in: 1...12, help: "layers L (the deepest model)"),
      .bool(
        "all_depths", default: true,
        help: "train one model per depth 1…layers side by side (loss against layers); false: only `layers`"),
      .int("heads", default: 1, in: 1...8, help: "attention heads per layer"),
      .choice(
        "parametrisation", default: "sparse", choices: AttentionParametrisation.allCases.map(\.rawValue),
        help: "sparse: P = e e^T, Q = -[[A,0],[0,0]] (weight-space methods); value-key: also learns P's block"),
      .choice(
        "preconditioner", default: "full", choices: BlockShape.allCases.map(\.rawValue),
        help: "learned blocks A_l: full d×d preconditioners, or scalar a_l·I (no preconditioning)"),
      .string(
        "weights", default: "",
        help: "evaluate the models in this weights.txt (from a run folder) instead of training"),
      .choice(
        "protocol", default: "catalogue", choices: TrainingProtocol.allCases.map(\.rawValue),
        help: "catalogue: resample_every and lr_decay_every as given (defaults 1 and 1000, sized for 3000 steps); "
          + "official: the code's batch redrawn every 100 steps and lr halved every 4000, overriding those two"),
    ] + TrainingOptions.parameters(learningRate: 0.01, decayEvery: 1000, resampleEvery: 1)

  static func body(_ algorithm: String, memory: @escaping @Sendable (ParameterValues) throws -> MemoryKind)
    -> @Sendable (Run) throws -> Void
  {
    { run in
      let sampler = try run.problem.regressionTasks()
      let job = try TransformerJob(
        algorithm: algorithm, parameters: run.parameters, sampler: sampler, memory: memory(run.parameters))
      try job.execute(run, sampler: sampler)
    }
  }

  static let memformerCG = Algorithm(
    id: "memformer-cg",
    name: "CGD-like Memformer",
    summary: "Linear transformer with memory R_l = Attn_l(Z_l) + γ_l R_(l-1), Z_(l+1) = Z_l + α_l R_l: a CG-like "
      + "recurrence with learned, instance-independent coefficients",
    provenance: provenance,
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: defaultSteps,
    parameters: common + [
      .bool("learn_step", default: false, help: "also learn α_l (the code fixes α_l = 1)")
    ],
    body: body("memformer-cg") { .conjugate(learnStep: try $0.bool("learn_step")) }
  )

  static let memformerLFOM = Algorithm(
    id: "memformer-lfom",
    name: "LFOM Memformer",
    summary: "Linear transformer whose update adds Hadamard-gated past attention outputs, Z_(l+1) = Z_l + "
      + "Σ_(j≤l) Γ_j ⊙ Attn_j(Z_j): a learned linear first-order method",
    provenance: provenance,
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: defaultSteps,
    parameters: common + [
      .choice(
        "gates", default: "code", choices: GateIndexing.allCases.map(\.rawValue),
        help: "code: Z_(l+1) = Z_l + F_l + Σ_(j<l) Γ_j ⊙ F_j; paper: every Γ_j^(l) learned"),
      .choice(
        "gate_shape", default: "full", choices: GateShape.allCases.map(\.rawValue),
        help: "gates of shape (d+1)×(n+1) (per token and feature) or scalars"),
    ],
    body: body("memformer-lfom") { p in
      guard let indexing = GateIndexing(rawValue: try p.string("gates")),
        let shape = GateShape(rawValue: try p.string("gate_shape"))
      else { throw PluginError(.invalidArgument, "gates must be code or paper, gate_shape full or scalar") }
      return .lfom(indexing: indexing, shape: shape)
    }
  )

  static let linearTransformer = Algorithm(
    id: "linear-transformer",
    name: "Linear transformer",
    summary: "The plain L-layer linear transformer Z_(l+1) = Z_l + (1/n) P Z M Z^T Q Z for in-context regression "
      + "(the Memformers' comparison)",
    provenance: .reconstructed(
      "model, loss and data follow chengxiang/LinearTransformer linear_transformer.py (paper orientation, Q = "
        + "Q_code^T); trained with the memformer settings"),
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: defaultSteps,
    parameters: common,
    body: body("linear-transformer") { _ in .none }
  )
}
