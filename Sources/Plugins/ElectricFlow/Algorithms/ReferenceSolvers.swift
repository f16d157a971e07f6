import CatalogueSDK
import Glibc
import LinearAttention

/// The reference Laplacian solvers of electric-flow.md §5.2 on one evaluation batch: plain GD (best fixed η on the
/// spec's grid, and per-graph η = 1/λ_max) and the repeated-squaring product (best η), each for 1…L steps or factors.
///
/// Both are evaluated exactly in each graph's eigenbasis (``SpectralFilterLoss``) on mean-centred demands; η that
/// overflow (the spec's §7 warning) are skipped. Iteration ℓ of the trace is ℓ steps (GD) or ℓ factors (squaring).
enum ReferenceSolvers {
  static let parameters: [Parameter] = [
    .int("layers", default: 9, in: 1...30, help: "report 1…layers steps (GD) or factors (repeated squaring)"),
    .int("graphs", default: 2000, in: 1...1_000_000, help: "graphs in the evaluation batch"),
  ]

  static let provenance = Provenance.standard(
    "GD and the repeated-squaring product evaluated exactly in the eigenbasis (tested against the matrix "
      + "iterations); the spec's η grid, centred demands and scale-invariant loss (electric-flow.md §5.2)")

  static let gd = Algorithm(
    id: "laplacian-gd",
    name: "Plain GD on L·Φ = Ψ",
    summary: "Φ ← Φ − η(LΦ − Ψ) from Φ = 0 with the best fixed η of an 80-point grid on [0.005, 0.4] and with "
      + "per-graph η = 1/λ_max; also reports mean λ_max, λ₂ and λ_max/λ₂ of the batch",
    provenance: provenance,
    accepts: [.graphs],
    defaultProblem: GraphProblems.cslID,
    defaultMaxIterations: 30,
    parameters: parameters
  ) { run in try execute(run, squaring: false) }

  static let repeatedSquaring = Algorithm(
    id: "repeated-squaring",
    name: "Repeated-squaring expansion of L^†",
    summary: "η·Π_{j<K}(I + (I − ηL)^{2^j})·Ψ, K = 1…layers, best η on the same grid (overflowing η skipped)",
    provenance: provenance,
    accepts: [.graphs],
    defaultProblem: GraphProblems.cslID,
    defaultMaxIterations: 30,
    parameters: parameters
  ) { run in try execute(run, squaring: true) }

  static func execute(_ run: Run, squaring: Bool) throws {
    let sampler = try run.problem.graphs()
    let layers = try run.parameters.int("layers")
    let batch = try GraphBatch.draw(
      try run.parameters.int("graphs"), from: sampler, centred: true, rng: &run.rng)
    let filter = SpectralFilterLoss(batch)
    try recordStatistics(batch, run)
    try run.declareTrace(squaring ? ["ln_loss", "eta"] : ["ln_loss", "eta", "ln_loss_per_graph"])
    var history: [Double] = []
    for l in 1...layers {
      let best = filter.best(target: .electric) { eta in
        squaring
          ? SpectralFilterLoss.repeatedSquaring(factors: l, eta: eta)
          : SpectralFilterLoss.gradientDescent(steps: l, eta: eta)
      }
      var row = [best?.logLoss ?? .nan, best?.eta ?? .nan]
      try run.result("ln_loss_l\(l)", row[0])
      try run.result("eta_l\(l)", row[1])
      history.append(row[0])
      if l >= 3 {
        // Geometric convergence keeps ln-loss decrements constant (ratio 1); doubly exponential doubles them (2).
        try run.result("decrement_ratio_l\(l)", (history[l - 1] - history[l - 2]) / (history[l - 2] - history[l - 3]))
      }
      if !squaring {
        let n = batch.nodes
        let perGraph = ScaleInvariantLoss.logMean(
          filter.losses(target: .electric) { lambda, g in
            SpectralFilterLoss.gradientDescent(steps: l, eta: 1 / batch.eigenvalues[g * n + n - 1])(lambda, g)
          })
        row.append(perGraph)
        try run.result("ln_loss_per_graph_l\(l)", perGraph)
      }
      if best == nil {
        run.log("every η of the grid overflows at \(l) \(squaring ? "factors" : "steps")", level: .warning)
      }
      guard run.report(iteration: l, row) else { return }
    }
    run.finish(.completed, "evaluated 1…\(layers) \(squaring ? "factors" : "steps") on \(batch.count) graphs")
  }

  /// Mean λ_max, λ₂ and λ_max/λ₂ of the batch (spec §5.2's graph statistics).
  static func recordStatistics(_ batch: GraphBatch, _ run: Run) throws {
    let n = batch.nodes
    var (top, second, ratio) = (0.0, 0.0, 0.0)
    for g in 0..<batch.count {
      let (high, low) = (batch.eigenvalues[g * n + n - 1], batch.eigenvalues[g * n + 1])
      top += high
      second += low
      ratio += high / low
    }
    let count = Double(batch.count)
    try run.result("mean_lambda_max", top / count)
    try run.result("mean_lambda_2", second / count)
    try run.result("mean_condition", ratio / count)
  }
}
