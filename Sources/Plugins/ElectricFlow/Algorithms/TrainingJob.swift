import CatalogueSDK
import LinearAttention
import SeededRandom

/// One `graph-transformer` run: train (or load) a model, evaluate it and the reference solvers on one batch.
/// `target=eigenvectors` trains the eigenvector layout instead (``executeEigenvectors(_:sampler:)``).
///
/// The random stream is consumed in a fixed order — the evaluation batch, the initial weights, then the training
/// batches — so a seed reproduces the trace and the weights exactly.
struct TrainingJob {
  let layers: Int
  let steps: Int
  let layout: TokenLayout
  /// The linear target f(L)Ψ, or nil for `target=eigenvectors`.
  let target: LaplacianTarget?
  let mask: WeightMask
  let initialisation: GraphTransformer.Initialisation
  let initStd: Double
  let centring: DemandCentring
  let normalise: Bool
  let batchSize: Int
  let resampleEvery: Int
  let evalSize: Int
  let evalEvery: Int
  let schedule: StepDecaySchedule
  let weightDecay: Double
  let betas: (Double, Double)
  let clipping: GradientClipping
  let weightsPath: String?

  init(_ p: ParameterValues) throws {
    layers = try p.int("layers")
    steps = try p.int("steps")
    guard let layout = TokenLayout(rawValue: try p.string("layout")), layout != .squaring else {
      throw PluginError(.invalidArgument, "layout must be stack or single-block")
    }
    self.layout = layout
    let targetName = try p.string("target")
    target =
      targetName == Self.eigenvectorTarget
      ? nil : try LaplacianTarget.named(targetName, heatTime: try p.real("heat_time"))
    guard let mask = WeightMask(rawValue: try p.string("pb_zero")) else {
      throw PluginError(.invalidArgument, "pb_zero must be none, freeze-b or sparse-mask")
    }
    self.mask = mask
    guard let initialisation = GraphTransformer.Initialisation(rawValue: try p.string("init")) else {
      throw PluginError(.invalidArgument, "init must be structured or normal")
    }
    self.initialisation = initialisation
    initStd = try p.real("init_std")
    guard let centring = DemandCentring(rawValue: try p.string("centre_demands")) else {
      throw PluginError(.invalidArgument, "centre_demands must be heat-only, always or never")
    }
    self.centring = centring
    normalise = try p.bool("normalise")
    batchSize = try p.int("batch_size")
    resampleEvery = try p.int("resample_every")
    evalSize = try p.int("eval_size")
    evalEvery = try p.int("eval_every")
    if target == nil && mask != .none {
      throw PluginError(
        .invalidArgument, "target=eigenvectors has no pb_zero mask in the notebook: leave pb_zero at none")
    }
    // −1 selects the notebook's value for the target (electric-flow.md §3.5, §9).
    let eigen = target == nil
    func setting(_ id: String, electric: Double, eigenvectors: Double) throws -> Double {
      let value = try p.real(id)
      if value == -1 { return eigen ? eigenvectors : electric }
      guard value >= 0 else {
        throw PluginError(.invalidArgument, "\(id) must be ≥ 0, or −1 for the notebook's value for the target")
      }
      return value
    }
    let fraction = try setting("lr_decay_fraction", electric: 0.2, eigenvectors: 0.1)
    let rate = try setting("learning_rate", electric: 0.02, eigenvectors: 0.01)
    let clip = try setting("clip_norm", electric: 1, eigenvectors: 0.02)
    guard fraction > 0, fraction <= 1, rate > 0, clip > 0 else {
      throw PluginError(
        .invalidArgument, "learning_rate and clip_norm must be > 0 and lr_decay_fraction in (0, 1] (or −1)")
    }
    let every = max(1, Int((Double(steps) * fraction).rounded()))
    schedule = StepDecaySchedule(initial: rate / Double(layers), every: every, factor: 0.5)
    weightDecay = try setting("weight_decay", electric: 0.01, eigenvectors: 0.001)
    betas = (try p.real("beta1"), try setting("beta2", electric: 0.99, eigenvectors: 0.999))
    guard betas.1 < 1 else { throw PluginError(.invalidArgument, "beta2 must be below 1 (or −1)") }
    clipping = .global(clip)
    let path = try p.string("weights")
    weightsPath = path.isEmpty ? nil : path
  }

  /// The `target` value that trains eigenvectors 2…n.
  static let eigenvectorTarget = "eigenvectors"

  func configuration(_ sampler: any GraphSampler) -> GraphTransformerConfiguration {
    GraphTransformerConfiguration(
      layout: target == nil ? .eigenvectors : layout, nodes: sampler.nodeCount, edges: sampler.maxEdges,
      demands: sampler.nodeCount, layers: layers, mask: mask, normalise: normalise, learnedInitial: target == nil)
  }

  func execute(_ run: Run, sampler: any GraphSampler) throws {
    guard let target else { return try executeEigenvectors(run, sampler: sampler) }
    let centred = centring.centres(target)
    let evaluation = try GraphBatch.draw(evalSize, from: sampler, centred: centred, rng: &run.rng)
    let evaluationTargets = evaluation.targets(target)
    if let weightsPath {
      let archive = try GraphTransformerArchive.read(path: weightsPath)
      let model = archive.model
      guard model.configuration.layout != .eigenvectors else {
        throw PluginError(.invalidArgument, "the weights are an eigenvector model: pass -p target=eigenvectors")
      }
      guard model.configuration.nodes == sampler.nodeCount, model.configuration.edges == sampler.maxEdges else {
        throw PluginError(
          .invalidArgument,
          "the weights are for n = \(model.configuration.nodes), d = \(model.configuration.edges) edges; the problem "
            + "has n = \(sampler.nodeCount), d = \(sampler.maxEdges): pass the training run's problem and -p n=")
      }
      try run.declareTrace(["ln_eval_loss"])
      let ln = ScaleInvariantLoss.logMean(model.losses(evaluation, targets: evaluationTargets))
      try record(model, lnLoss: ln, evaluation: evaluation, target: target, run)
      _ = run.report(iteration: 0, [ln])
      run.finish(.completed, "evaluated the saved \(model.configuration.layers)-layer model on \(evalSize) graphs")
      return
    }
    let configuration = configuration(sampler)
    try configuration.validate()
    var model = try GraphTransformer(
      configuration: configuration, initialisation: initialisation, std: initStd, rng: &run.rng)
    var optimizer = AdamW(beta1: betas.0, beta2: betas.1, weightDecay: weightDecay)
    try run.declareTrace(["learning_rate", "train_loss", "ln_train_loss", "ln_eval_loss"])
    try recordSettings(run)
    var batch = evaluation
    var targets = evaluationTargets
    var lnEval = Double.nan
    // Buffers for the training and the evaluation batch, reused by every step.
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batchSize)
    var evaluationWorkspace = GraphTransformerWorkspace(configuration: configuration, graphs: evalSize)
    var gradient = model.weights
    var t = 0
    while t < steps {
      if t % resampleEvery == 0 {
        batch = try GraphBatch.draw(batchSize, from: sampler, centred: centred, rng: &run.rng)
        targets = batch.targets(target)
      }
      if t % evalEvery == 0 {
        lnEval = ScaleInvariantLoss.logMean(
          model.losses(evaluation, targets: evaluationTargets, workspace: &evaluationWorkspace))
        run.log("step \(t): ln eval loss \(lnEval)", level: .info)
      }
      let losses = model.lossAndGradient(batch, targets: targets, workspace: &workspace, gradient: &gradient)
      let mean = losses.reduce(0, +) / Double(losses.count)
      let rate = schedule.rate(at: t)
      guard run.report(iteration: t, [rate, mean, ScaleInvariantLoss.logMean(losses), lnEval]) else { break }
      clipping.apply(&gradient)
      optimizer.step(&model.weights, gradient: gradient, learningRate: rate)
      t += 1
    }
    lnEval = ScaleInvariantLoss.logMean(
      model.losses(evaluation, targets: evaluationTargets, workspace: &evaluationWorkspace))
    try run.result("steps", Double(t))
    try record(model, lnLoss: lnEval, evaluation: evaluation, target: target, run)
    let archive = GraphTransformerArchive(
      metadata: [
        ("algorithm", "graph-transformer"), ("target", target.name), ("steps", "\(t)"),
        ("centre_demands", centring.rawValue), ("init", initialisation.rawValue),
      ],
      model: model)
    try run.writeArtifact("weights.txt", bytes: Array(archive.encoded().utf8))
    run.finish(.completed, "trained \(t) steps; ln eval loss \(lnEval) at \(layers) layers")
  }

  /// The optimiser settings in effect (the parameters' −1 defaults resolved for the target), as results.
  func recordSettings(_ run: Run) throws {
    try run.result("setting_learning_rate", schedule.initial)
    try run.result("setting_lr_halving_every", Double(schedule.every))
    try run.result("setting_weight_decay", weightDecay)
    try run.result("setting_beta2", betas.1)
    if case .global(let clip) = clipping { try run.result("setting_clip_norm", clip) }
  }

  /// Final results: the model's ln loss and, for the electric target, GD (best fixed η, per-graph η) and repeated
  /// squaring at every depth 1…L on the same graphs (`…_l<ℓ>`, demands centred for the references), the depth-L
  /// values also without the suffix.
  private func record(
    _ model: GraphTransformer, lnLoss: Double, evaluation: GraphBatch, target: LaplacianTarget, _ run: Run
  ) throws {
    let depth = model.configuration.layers
    try run.result("ln_loss", lnLoss)
    try run.result("ln_loss_l\(depth)", lnLoss)
    try ReferenceSolvers.recordStatistics(evaluation, run)
    guard target == .electric else { return }
    let filter = SpectralFilterLoss(evaluation)
    let n = evaluation.nodes
    if let gd = filter.best(target: .electric, filter: { SpectralFilterLoss.gradientDescent(steps: depth, eta: $0) }) {
      try run.result("ln_loss_gd_best", gd.logLoss)
      try run.result("eta_gd_best", gd.eta)
      try run.result("advantage_over_gd", gd.logLoss - lnLoss)
    }
    // The references at every depth ℓ ≤ L on the same graphs, for ln loss against layers.
    for l in 1...depth {
      let perGraph = ScaleInvariantLoss.logMean(
        filter.losses(target: .electric) { lambda, g in
          SpectralFilterLoss.gradientDescent(steps: l, eta: 1 / evaluation.eigenvalues[g * n + n - 1])(lambda, g)
        })
      try run.result("ln_loss_gd_per_graph_l\(l)", perGraph)
      if l == depth { try run.result("ln_loss_gd_per_graph", perGraph) }
      if let gd = filter.best(target: .electric, filter: { SpectralFilterLoss.gradientDescent(steps: l, eta: $0) }) {
        try run.result("ln_loss_gd_best_l\(l)", gd.logLoss)
      }
      if let squaring = filter.best(
        target: .electric, filter: { SpectralFilterLoss.repeatedSquaring(factors: l, eta: $0) })
      {
        try run.result("ln_loss_repeated_squaring_l\(l)", squaring.logLoss)
        if l == depth { try run.result("ln_loss_repeated_squaring", squaring.logLoss) }
      }
    }
  }
}
