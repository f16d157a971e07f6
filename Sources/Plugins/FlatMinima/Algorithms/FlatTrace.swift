import CatalogueSDK
import SeededRandom

/// The trace of an RS or SA run: the standard objective columns (`f`, `grad_norm`, `f_gap`, the problem's
/// metrics, in `ObjectiveTrace`'s order, so runs line up with `gd` and `sam`), then `trace_norm` estimated by
/// Hutchinson when the problem does not report it, then `perturbed` and `phase`.
///
/// Kept separate from `ObjectiveTrace` because the method needs the metric values back (to stop at a target
/// tr̄), which that type does not return. Metrics are computed without counting their oracle calls.
struct FlatTrace {
  let run: Run
  let function: any ObjectiveFunction
  let fStar: Double?
  /// The trace-norm estimator for problems without their own `trace_norm` column.
  let hutchinson: HutchinsonTrace?
  /// The declared columns.
  let columns: [String]

  /// Declares the columns. `probes` > 0 adds a Hutchinson `trace_norm` column if the problem lacks one.
  init(_ run: Run, _ function: any ObjectiveFunction, probes: Int, probeSeed: UInt64) throws {
    self.run = run
    self.function = function
    fStar = run.problem.reference("f_star")
    var columns = ["f", "grad_norm"]
    if fStar != nil { columns.append("f_gap") }
    columns += run.problem.metricNames
    if probes > 0 && !run.problem.metricNames.contains("trace_norm") {
      var rng = CatalogueRandom(seed: probeSeed, stream: 4)
      hutchinson = HutchinsonTrace(count: probes, dimension: function.dimension, rng: &rng)
      columns.append("trace_norm")
    } else {
      hutchinson = nil
    }
    columns += ["perturbed", "phase"]
    self.columns = columns
    try run.declareTrace(columns)
  }

  /// Reports one iterate; returns the row and whether the host wants more.
  func report(_ iterate: FlatSearch.Iterate) throws -> (proceed: Bool, row: [Double]) {
    let x = iterate.point
    var row = [iterate.value, iterate.gradientNorm]
    if let fStar { row.append(iterate.value - fStar) }
    if let metrics = run.problem.metrics { row += try run.uncounted { try metrics(x) } }
    if let hutchinson {
      let trace = try run.uncounted { try hutchinson.estimate(at: x) { try function.gradient($0).gradient } }
      row.append(trace / Double(function.dimension))
    }
    row += [iterate.perturbed ? 1 : 0, Double(iterate.phase)]
    return (run.report(iteration: iterate.iteration, row), row)
  }
}
