import CatalogueSDK
import LinearAlgebra
import LinearAttention

extension TrainingJob {
  /// `target=eigenvectors`: the eigenvector notebook's training (electric-flow.md §2, §4.1, §9). Tokens
  /// [B | Φ₁ | Φ₂] start with a learned Φ₀ (n × 2n, N(0, init_std²)) in the Φ rows; each layer ends with the
  /// eigenvector layout's normalisation (B by its Frobenius norm, every Φ column by its own norm); the loss is the
  /// per-column ± loss of Φ₂ against LAPACK's eigenvectors 2…n (``EigenvectorLoss``), averaged over the batch;
  /// AdamW updates the layers and Φ₀ together, after one global clip over both.
  ///
  /// The random stream is consumed in a fixed order — the evaluation batch, the layer weights, Φ₀, the training
  /// batches, then the reference's start — so a seed reproduces the trace and the weights exactly. The reference is
  /// subspace iteration done directly (Q ← QR((cI − L/tr L)Q), c = 1.1·largest λ_max/tr L of the batch) for
  /// ℓ = 1…L iterations from one N(0, 1) start, scored with the same loss on the same graphs.
  func executeEigenvectors(_ run: Run, sampler: any GraphSampler) throws {
    let evaluation = try GraphBatch.draw(evalSize, from: sampler, centred: false, rng: &run.rng)
    if let weightsPath {
      let model = try GraphTransformerArchive.read(path: weightsPath).model
      guard model.configuration.layout == .eigenvectors, model.configuration.learnedInitial else {
        throw PluginError(
          .invalidArgument, "the weights are not an eigenvector model: evaluate them with their own target")
      }
      guard model.configuration.nodes == sampler.nodeCount, model.configuration.edges == sampler.maxEdges else {
        throw PluginError(
          .invalidArgument,
          "the weights are for n = \(model.configuration.nodes), d = \(model.configuration.edges) edges; the problem "
            + "has n = \(sampler.nodeCount), d = \(sampler.maxEdges): pass the training run's problem and -p n=")
      }
      try run.declareTrace(["ln_eval_loss"])
      let losses = model.eigenvectorLosses(evaluation)
      let ln = ScaleInvariantLoss.logMean(losses)
      try recordEigenvectors(model, losses: losses, initialLoss: nil, evaluation: evaluation, run)
      _ = run.report(iteration: 0, [ln])
      run.finish(.completed, "evaluated the saved \(model.configuration.layers)-layer eigenvector model")
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
    var lnEval = Double.nan
    var workspace = GraphTransformerWorkspace(configuration: configuration, graphs: batchSize)
    var evaluationWorkspace = GraphTransformerWorkspace(configuration: configuration, graphs: evalSize)
    let initialLosses = model.eigenvectorLosses(evaluation, workspace: &evaluationWorkspace)
    var gradient = model.weights
    var t = 0
    while t < steps {
      if t % resampleEvery == 0 {
        batch = try GraphBatch.draw(batchSize, from: sampler, centred: false, rng: &run.rng)
      }
      if t % evalEvery == 0 {
        lnEval = ScaleInvariantLoss.logMean(
          t == 0 ? initialLosses : model.eigenvectorLosses(evaluation, workspace: &evaluationWorkspace))
        run.log("step \(t): ln eval ± loss \(lnEval)", level: .info)
      }
      let losses = model.eigenvectorLossAndGradient(batch, workspace: &workspace, gradient: &gradient)
      let mean = losses.reduce(0, +) / Double(losses.count)
      let rate = schedule.rate(at: t)
      guard run.report(iteration: t, [rate, mean, ScaleInvariantLoss.logMean(losses), lnEval]) else { break }
      clipping.apply(&gradient)
      optimizer.step(&model.weights, gradient: gradient, learningRate: rate)
      t += 1
    }
    let losses = model.eigenvectorLosses(evaluation, workspace: &evaluationWorkspace)
    try run.result("steps", Double(t))
    try recordEigenvectors(model, losses: losses, initialLoss: initialLosses, evaluation: evaluation, run)
    let archive = GraphTransformerArchive(
      metadata: [
        ("algorithm", "graph-transformer"), ("target", Self.eigenvectorTarget), ("steps", "\(t)"),
        ("init", initialisation.rawValue),
      ],
      model: model)
    try run.writeArtifact("weights.txt", bytes: Array(archive.encoded().utf8))
    run.finish(
      .completed,
      "trained \(t) steps; ± eigenvector loss \(losses.reduce(0, +) / Double(losses.count)) at \(layers) layers")
  }

  /// Final results: the model's mean ± loss (`eigenvector_loss`, its ln as `ln_loss`), per scored column, over all n
  /// columns as the notebook's evaluation cell scores, the untrained model's loss and the ratio; and direct subspace
  /// iteration's loss after ℓ = 1…L iterations (`eigenvector_loss_subspace_l<ℓ>`) with `subspace_over_trained`, its
  /// depth-L loss over the model's (above 1: the model is better).
  private func recordEigenvectors(
    _ model: GraphTransformer, losses: [Double], initialLoss: [Double]?, evaluation: GraphBatch, _ run: Run
  ) throws {
    func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    let n = evaluation.nodes
    let size = n * n
    let depth = model.configuration.layers
    let loss = mean(losses)
    try run.result("eigenvector_loss", loss)
    try run.result("ln_loss", ScaleInvariantLoss.logMean(losses))
    try run.result("ln_loss_l\(depth)", ScaleInvariantLoss.logMean(losses))
    if let initialLoss {
      try run.result("eigenvector_loss_initial", mean(initialLoss))
      try run.result("eigenvector_loss_ratio", loss / mean(initialLoss))
    }
    var workspace = GraphTransformerWorkspace(configuration: model.configuration, graphs: evaluation.count)
    model.writeInput(evaluation, into: &workspace)
    model.forward(&workspace)
    let outputs = model.outputs(workspace.output.elements, graphs: evaluation.count)
    func columnLoss(_ x: [Double], _ g: Int, _ columns: Range<Int>) -> Double {
      x.withUnsafeBufferPointer { o in
        evaluation.eigenvectors.withUnsafeBufferPointer { v in
          EigenvectorLoss.graphLoss(
            UnsafeBufferPointer(rebasing: o[(g * size)..<((g + 1) * size)]),
            UnsafeBufferPointer(rebasing: v[(g * size)..<((g + 1) * size)]), nodes: n, columns: columns)
        }
      }
    }
    let graphs = 0..<evaluation.count
    try run.result("eigenvector_loss_all_columns", mean(graphs.map { columnLoss(outputs, $0, 0..<n) }))
    for j in 0..<n {
      try run.result("eigenvector_loss_column\(j + 1)", mean(graphs.map { columnLoss(outputs, $0, j..<(j + 1)) }))
    }
    // The reference: direct subspace iteration from one random start shared by the batch.
    var traces: [Double] = []
    var largest = 0.0
    for g in graphs {
      let values = evaluation.eigenvalues[(g * n)..<((g + 1) * n)]
      traces.append(values.reduce(0, +))
      largest = max(largest, values.last! / traces[g])
    }
    let shift = 1.1 * largest
    let start = try QR(Matrix(rows: n, cols: n, elements: run.rng.normals(n * n))).q
    var q = [Matrix](repeating: start, count: evaluation.count)
    for l in 1...depth {
      var direct = [Double]()
      direct.reserveCapacity(evaluation.count * size)
      for g in graphs {
        let m = shift * Matrix.identity(n) - evaluation.laplacian(g) / traces[g]
        q[g] = try LaplacianIterations.subspaceIterationStep(m, q[g])
        direct += q[g].elements
      }
      let subspace = mean(graphs.map { columnLoss(direct, $0, EigenvectorLoss.scoredColumns(nodes: n)) })
      try run.result("eigenvector_loss_subspace_l\(l)", subspace)
      if l == depth {
        try run.result("eigenvector_loss_subspace", subspace)
        try run.result("subspace_over_trained", subspace / loss)
      }
    }
  }
}
