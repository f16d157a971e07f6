import CatalogueSDK
import Glibc
import LinearAlgebra
import LinearAttention

/// `graph-transformer-construct`: the hand-built transformers of electric-flow.md §3.2–§3.3 run layer by layer on
/// one batch, next to the matrix iteration each one claims to be. Deterministic given the batch; no training.
///
/// Row ℓ is the depth-ℓ model: its ln loss against the target, the ln loss of the closed form, and their largest
/// relative difference over the batch (`max_relative_difference`, the claim that the construction *is* the solver).
/// With the normalisation on (GD only) the difference is measured between directions, against GD on L/tr(L).
enum ConstructedTransformer {
  static let algorithm = Algorithm(
    id: "graph-transformer-construct",
    name: "Linear graph transformer, constructed weights",
    summary: "Hand-built weights that make the linear transformer run GD (electric flow), a truncated power series "
      + "(resistive embedding, heat kernel) or repeated squaring; compared layer by layer with the matrix iteration",
    provenance: .reconstructed(
      "GD construction derived from the layer equation of the official code (electric-flow.md §3.2) and checked "
        + "against plain GD; the series and repeated-squaring weights are our constructions of the paper's §3.3 "
        + "expansions (recalled, not compared with the paper's lemmas)"),
    accepts: [.graphs],
    defaultProblem: GraphProblems.cslID,
    defaultMaxIterations: 100,
    parameters: [
      .choice(
        "construction", default: "gd",
        choices: TransformerConstruction.Kind.allCases.map(\.rawValue) + [subspaceIterationName],
        help: "gd: Φ ← Φ − η(LΦ − Ψ); series: truncated power series in I − ηL; repeated-squaring: Π(I + M^{2^j}); "
          + "subspace-iteration: Q ← QR((cI − L/tr L)Q), eigenvectors 2…n"),
      .choice(
        "target", default: "electric", choices: LaplacianTarget.names,
        help: "what the series construction sums (gd and repeated-squaring solve electric)"),
      .real("heat_time", default: 0.5, above: 0, help: "s in exp(−sL) (the code's temp = 0.5)"),
      .int(
        "layers", default: 9, in: 1...1000,
        help: "depth L; the trace reports every depth 1…L (subspace-iteration: iterations, n layers each)"),
      .int("graphs", default: 1000, in: 1...1_000_000, help: "graphs in the batch"),
      .real(
        "eta", default: 0, min: 0,
        help: "step η; 0 = 1/(largest λ_max in the batch), on the L/tr(L) scale when normalise is on"),
      .bool(
        "normalise", default: false,
        help: "apply the code's block normalisation after every layer (gd only; it then runs GD on L/tr(L))"),
      .real(
        "shift", default: 0, min: 0,
        help: "c in M = cI − L/tr(L) for subspace-iteration; 0 = 1.1·(largest λ_max/tr(L) in the batch)"),
    ]
  ) { run in try execute(run) }

  static func execute(_ run: Run) throws {
    let p = run.parameters
    if try p.string("construction") == subspaceIterationName { return try executeSubspaceIteration(run) }
    guard let kind = TransformerConstruction.Kind(rawValue: try p.string("construction")) else {
      throw PluginError(.invalidArgument, "construction must be gd, series, repeated-squaring or subspace-iteration")
    }
    var target = try LaplacianTarget.named(try p.string("target"), heatTime: try p.real("heat_time"))
    if kind != .series { target = .electric }
    let normalise = try p.bool("normalise")
    if normalise && kind != .gradientDescent {
      throw PluginError(.invalidArgument, "normalise=true is supported for construction=gd only")
    }
    let layers = try p.int("layers")
    let sampler = try run.problem.graphs()
    let batch = try GraphBatch.draw(try p.int("graphs"), from: sampler, centred: true, rng: &run.rng)
    let n = batch.nodes
    let laplacians = (0..<batch.count).map { g -> Matrix in
      let l = batch.laplacian(g)
      return normalise ? l / (0..<n).reduce(0) { $0 + l[$1, $1] } : l
    }
    var eta = try p.real("eta")
    if eta == 0 {
      var largest = 0.0
      for l in laplacians { largest = max(largest, try SymmetricEigen.values(of: l).last!) }
      eta = 1 / largest
    }
    let targets = batch.targets(target)
    let model: GraphTransformer
    var coefficients: [Double] = []
    switch kind {
    case .gradientDescent:
      model = try TransformerConstruction.gradientDescent(
        nodes: n, edges: batch.edges, layers: layers, eta: eta, normalise: normalise)
    case .series:
      coefficients = TransformerConstruction.seriesCoefficients(target, eta: eta, count: layers)
      model = try TransformerConstruction.series(nodes: n, edges: batch.edges, coefficients: coefficients, eta: eta)
    case .repeatedSquaring:
      model = try TransformerConstruction.repeatedSquaring(nodes: n, edges: batch.edges, layers: layers, eta: eta)
    }
    try run.result("eta", eta)
    try run.declareTrace(["ln_loss", "ln_loss_closed_form", "relative_difference"])
    // Both sides advance one layer (one iteration) per row: the transformer through its layer ℓ alone, the closed
    // form by one step of its own recurrence, so depth L costs L layers, not L².
    let size = n * n
    var tokens = model.input(batch)
    var phi = (0..<batch.count).map { g -> Matrix in
      switch kind {
      case .gradientDescent, .series: Matrix(rows: n, cols: n)
      case .repeatedSquaring: eta * batch.demandMatrix(g)
      }
    }
    var power = (0..<batch.count).map { g -> Matrix in
      switch kind {
      case .gradientDescent, .series: batch.demandMatrix(g)
      case .repeatedSquaring: Matrix.identity(n) - eta * laplacians[g]
      }
    }
    var worst = 0.0
    for depth in 1...layers {
      var single = model.configuration
      single.layers = 1
      let layer = try GraphTransformer(
        configuration: single,
        weights: ParameterSet(
          model.weights.tensors[(4 * depth - 4)..<(4 * depth)].map { t in
            ParameterTensor(name: "\(t.name.prefix(1)).0", rows: t.rows, cols: t.cols, values: t.values)
          }))
      tokens = layer.forward(tokens, graphs: batch.count)
      let outputs = layer.outputs(tokens, graphs: batch.count)
      var losses: [Double] = []
      var closedLosses: [Double] = []
      var difference = 0.0
      for g in 0..<batch.count {
        let l = laplacians[g]
        switch kind {
        case .gradientDescent:
          var next = phi[g] + eta * power[g]
          next.addProduct(l, phi[g], alpha: -eta)
          phi[g] = next
        case .series:
          phi[g] += coefficients[depth - 1] * power[g]
          var next = power[g]
          next.addProduct(l, power[g], alpha: -eta)
          power[g] = next
        case .repeatedSquaring:
          phi[g] += Matrix.product(power[g], phi[g])
          power[g] = Matrix.product(power[g], power[g])
        }
        let closed = phi[g].elements
        let mine = Array(outputs[(g * size)..<((g + 1) * size)])
        let target = Array(targets[(g * size)..<((g + 1) * size)])
        func loss(_ x: [Double]) -> Double {
          x.withUnsafeBufferPointer { o in target.withUnsafeBufferPointer { ScaleInvariantLoss.graphLoss(o, $0) } }
        }
        losses.append(loss(mine))
        closedLosses.append(loss(closed))
        let scale = normalise ? ArrayMath.norm(mine) / ArrayMath.norm(closed) : 1
        let delta = ArrayMath.distance(mine, closed.map { $0 * scale }) / ArrayMath.norm(mine)
        difference = max(difference, delta.isNaN ? .infinity : delta)
      }
      let lnLoss = ScaleInvariantLoss.logMean(losses)
      let lnClosed = ScaleInvariantLoss.logMean(closedLosses)
      worst = max(worst, difference)
      try run.result("ln_loss_l\(depth)", lnLoss)
      try run.result("ln_loss_closed_form_l\(depth)", lnClosed)
      guard run.report(iteration: depth, [lnLoss, lnClosed, difference]) else { break }
    }
    try run.result("max_relative_difference", worst)
    run.finish(.completed, "\(kind.rawValue) construction, η = \(eta), largest relative difference \(worst)")
  }
}
