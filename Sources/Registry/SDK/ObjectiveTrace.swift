/// The standard trace of an objective run: `f`, `grad_norm`, `f_gap` when the problem knows its optimal value,
/// and the problem's own metrics.
///
/// Every objective algorithm reports the same columns, so runs of different methods (from different plugins) on
/// one problem line up column for column in `catalogue compare`. Metrics the method does not need are computed
/// without counting their oracle calls.
public struct ObjectiveTrace {
  let run: Run
  let function: any ObjectiveFunction
  let fStar: Double?
  /// The declared column names.
  public let columns: [String]

  /// Declares the columns on `run` for `function`.
  public init(_ run: Run, _ function: any ObjectiveFunction, extraColumns: [String] = []) throws {
    self.run = run
    self.function = function
    fStar = run.problem.reference("f_star")
    var columns = ["f", "grad_norm"]
    if fStar != nil { columns.append("f_gap") }
    columns += run.problem.metricNames
    columns += extraColumns
    self.columns = columns
    try run.declareTrace(columns)
  }

  /// The norm of the gradient the method should report: Riemannian on a manifold, Euclidean otherwise.
  public func gradientNorm(_ x: [Double], euclidean gradient: [Double]) throws -> Double {
    if let geometry = function.geometry {
      let rgrad = try geometry.riemannianGradient(x, euclidean: gradient)
      return try geometry.norm(x, rgrad)
    }
    return gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// Reports iterate x with its known value and gradient norm; returns whether to continue.
  public func report(
    iteration: Int, _ x: [Double], value: Double, gradientNorm: Double, extra: [Double] = []
  ) throws -> Bool {
    var row = [value, gradientNorm]
    if let fStar { row.append(value - fStar) }
    if let metrics = run.problem.metrics { row += try run.uncounted { try metrics(x) } }
    row += extra
    return run.report(iteration: iteration, row)
  }

  /// Reports iterate x computing the full value and gradient without counting them (for stochastic methods,
  /// or methods that evaluate elsewhere than at x).
  public func report(iteration: Int, _ x: [Double], extra: [Double] = []) throws -> Bool {
    let (value, gradient) = try run.uncounted { try function.gradient(x) }
    return try report(
      iteration: iteration, x, value: value, gradientNorm: gradientNorm(x, euclidean: gradient), extra: extra)
  }

  /// Reports iterate x reusing a full value and Euclidean gradient the method already computed there, or, when
  /// `known` is nil (a stochastic step), computing them without counting.
  public func report(iteration: Int, _ x: [Double], known: (value: Double, gradient: [Double])?) throws -> Bool {
    guard let known else { return try report(iteration: iteration, x) }
    return try report(
      iteration: iteration, x, value: known.value, gradientNorm: gradientNorm(x, euclidean: known.gradient))
  }

  /// Records the final point and value as results.
  public func finish(_ x: [Double]) throws {
    let value = try run.uncounted { try function.value(x) }
    try run.result("f_final", value)
    try run.result("x", vector: x)
  }
}
