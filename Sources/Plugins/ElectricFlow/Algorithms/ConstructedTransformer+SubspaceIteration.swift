import CatalogueSDK
import LinearAlgebra
import LinearAttention

extension ConstructedTransformer {
  /// The `construction` value that runs ``TransformerConstruction/subspaceIteration(nodes:edges:steps:shift:)``.
  static let subspaceIterationName = "subspace-iteration"

  /// `construction=subspace-iteration`: the subspace-iteration transformer next to subspace iteration done directly
  /// (Q ← QR(M·Q) with LAPACK's Householder QR, M = c·I − L/tr(L)), both from Q₀ = QR(Φ₀) for one N(0, 1) start
  /// Φ₀ shared by the batch, and both scored with the ± eigenvector loss against LAPACK's eigenvectors 2…n.
  ///
  /// Row t is iteration t (n layers each, row 0 the initial QR): the ± loss and its ln for the transformer, the ln
  /// loss of the direct iteration and their largest relative difference ‖Φ̂₂ − Q_t‖_F/‖Q_t‖_F over the batch. The
  /// shift c defaults to 1.1·(largest λ_max(L)/tr(L) in the batch): M is then positive definite on every graph
  /// (so the columns order as the eigenvalues of L ascend) with condition number at most 11, which keeps classical
  /// Gram–Schmidt within a few ulps of Householder QR.
  static func executeSubspaceIteration(_ run: Run) throws {
    let p = run.parameters
    if try p.bool("normalise") {
      throw PluginError(
        .invalidArgument,
        "normalise=true is for construction=gd; subspace-iteration always uses the eigenvector layout's column "
          + "normalisation: leave normalise at false")
    }
    let iterations = try p.int("layers")
    let sampler = try run.problem.graphs()
    let batch = try GraphBatch.draw(try p.int("graphs"), from: sampler, centred: true, rng: &run.rng)
    let n = batch.nodes
    var traces: [Double] = []
    var shift = try p.real("shift")
    var largest = 0.0
    for g in 0..<batch.count {
      let values = batch.eigenvalues[(g * n)..<((g + 1) * n)]
      traces.append(values.reduce(0, +))
      largest = max(largest, values.last! / traces[g])
    }
    if shift == 0 { shift = 1.1 * largest }
    let start = run.rng.normals(n * n)
    let model = try TransformerConstruction.subspaceIteration(
      nodes: n, edges: batch.edges, steps: iterations, shift: shift)
    let initial = [Double](repeating: 0, count: n * n) + start
    var tokens = model.eigenvectorInput(batch, initial: initial)
    let first = try QR(Matrix(rows: n, cols: n, elements: start)).q
    var direct = [Matrix](repeating: first, count: batch.count)
    let m = (0..<batch.count).map { g in shift * Matrix.identity(n) - batch.laplacian(g) / traces[g] }
    let columns = EigenvectorLoss.scoredColumns(nodes: n)
    try run.result("shift", shift)
    try run.declareTrace(["eigenvector_loss", "ln_loss", "ln_loss_closed_form", "relative_difference"])
    let size = n * n
    var worst = 0.0
    var lnLoss = Double.nan
    var lnDirect = Double.nan
    for t in 0...iterations {
      let group = try model.layers((t * n)..<((t + 1) * n))
      tokens = group.forward(tokens, graphs: batch.count)
      let outputs = group.outputs(tokens, graphs: batch.count)
      var losses: [Double] = []
      var directLosses: [Double] = []
      var difference = 0.0
      for g in 0..<batch.count {
        if t > 0 { direct[g] = try LaplacianIterations.subspaceIterationStep(m[g], direct[g]) }
        let mine = Array(outputs[(g * size)..<((g + 1) * size)])
        let closed = direct[g].elements
        let vectors = Array(batch.eigenvectors[(g * size)..<((g + 1) * size)])
        func loss(_ x: [Double]) -> Double {
          x.withUnsafeBufferPointer { o in
            vectors.withUnsafeBufferPointer { EigenvectorLoss.graphLoss(o, $0, nodes: n, columns: columns) }
          }
        }
        losses.append(loss(mine))
        directLosses.append(loss(closed))
        let delta = ArrayMath.distance(mine, closed) / ArrayMath.norm(closed)
        difference = max(difference, delta.isNaN ? .infinity : delta)
      }
      let mean = losses.reduce(0, +) / Double(losses.count)
      lnLoss = ScaleInvariantLoss.logMean(losses)
      lnDirect = ScaleInvariantLoss.logMean(directLosses)
      worst = max(worst, difference)
      guard run.report(iteration: t, [mean, lnLoss, lnDirect, difference]) else { break }
    }
    try run.result("ln_loss", lnLoss)
    try run.result("ln_loss_closed_form", lnDirect)
    try run.result("max_relative_difference", worst)
    run.finish(
      .completed,
      "subspace iteration, c = \(shift), ln eigenvector loss \(lnLoss), largest relative difference \(worst)")
  }
}
