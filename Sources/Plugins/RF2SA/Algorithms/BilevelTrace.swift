import CatalogueSDK

/// The standard trace of a bilevel run: `f` = F(xₖ), `grad_norm` = ‖grad F(xₖ)‖, `grad_norm_sq`, `f_gap` when the
/// problem knows a reference value `f_star`, the problem's own metrics, then the method's columns.
///
/// Both algorithms of the plugin report the same leading columns, so `catalogue compare` lines RF²SA and RHGD up
/// column for column; `f` and `grad_norm` also drive the host's `--target` and `--grad-tol`. The host ends a run
/// at the first non-finite value, so a quantity that is not available is not declared rather than reported as NaN:
/// without diagnostics only `f` is kept, as the cheap value f(xₖ, yₖ) the method has at hand, and `grad_norm`
/// exists only where the exact hypergradient is affordable.
struct BilevelTrace {
  let run: Run
  let instance: ProblemInstance
  /// Whether rows carry ground truth (F, metrics) rather than the surrogate f(xₖ, yₖ).
  let diagnostics: Bool
  /// Whether `grad_norm` and `grad_norm_sq` are declared.
  let exactGradient: Bool
  let fStar: Double?
  /// The method's own columns, in order.
  let extraColumns: [String]
  /// All declared columns.
  let columns: [String]
  private var last: BilevelDiagnostics.Truth?

  /// Declares the columns on `run`.
  init(
    _ run: Run, _ instance: ProblemInstance, diagnostics: Bool, exactGradient: Bool, extraColumns: [String]
  ) throws {
    self.run = run
    self.instance = instance
    self.diagnostics = diagnostics
    self.exactGradient = diagnostics && exactGradient
    fStar = diagnostics ? instance.reference("f_star") : nil
    self.extraColumns = extraColumns
    var columns = ["f"]
    if self.exactGradient { columns += ["grad_norm", "grad_norm_sq"] }
    if fStar != nil { columns.append("f_gap") }
    if diagnostics { columns += instance.metricNames }
    columns += extraColumns
    self.columns = columns
    try run.declareTrace(columns)
  }

  /// Reports iterate x with its ground truth (diagnostics on) or the surrogate value (off), and the method's
  /// values by column name; returns whether to continue.
  mutating func report(
    iteration: Int, _ x: [Double], truth: BilevelDiagnostics.Truth?, surrogate: Double = .nan,
    extra: [String: Double]
  ) throws -> Bool {
    var row = [truth?.value ?? surrogate]
    if exactGradient {
      let norm = truth?.gradientNorm ?? .nan
      row += [norm, norm * norm]
    }
    if let fStar { row.append(row[0] - fStar) }
    if diagnostics, let metrics = instance.metrics { row += try run.uncounted { try metrics(x) } }
    row += extraColumns.map { extra[$0] ?? .nan }
    if truth != nil { last = truth }
    return run.report(iteration: iteration, row)
  }

  /// Records the final iterates and the last ground truth as results.
  func finish(x: [Double], y: [Double]) throws {
    try run.result("x", vector: x)
    try run.result("y", vector: y)
    if let last {
      try run.result("f_final", last.value)
      if exactGradient { try run.result("grad_norm_final", last.gradientNorm) }
    }
  }
}
