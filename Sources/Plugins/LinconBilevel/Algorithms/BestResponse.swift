import CatalogueSDK

/// `best-response`: the gradient ∇ₓf(x, y*(x)) with y* treated as a constant, driven by Adam or SGD (the official
/// code's `BR` solver, spec §4.6); it ignores the implicit term, so it is biased wherever y* depends on x.
enum BestResponse {
  static let algorithm = Algorithm(
    id: "best-response",
    name: "Best-response gradient",
    summary: "∇ₓf(x, y*(x)) ignoring how y* moves with x (the code's BR baseline), Adam or SGD",
    provenance: .verified(
      "Checked against --solver BR of the official main.py: y* solved at x, loss f(x, y*) differentiated in x only "
        + "with y* detached, Adam lr 1e-3; y* is solved to round-off instead of by cvxpy's default solver."),
    accepts: [.bilevel],
    needs: [.euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 1000,
    parameters: UpperOptimizer.parameters + [F2CBAParameters.trackError]
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    try HypergradientDescent.run(run, BestResponseEstimator(try run.problem.bilevel()))
  }
}
