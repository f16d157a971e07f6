/// One `catalogue run` from request to result: plan, folder check, run with the folder writer (and a progress bar
/// on a terminal), and the exit code. The command-line front end only parses arguments and prints.
public struct RunSession {
  /// What a finished session hands back to the front end.
  public struct Outcome {
    /// The plan that ran.
    public var plan: RunPlan
    /// What the run produced.
    public var record: RunRecord
    /// The run folder.
    public var folder: String?
    /// The `result.json` document.
    public var result: JSONValue?
    /// Warnings to print on stderr before the summary.
    public var warnings: [String]

    /// 0 for a run that ended normally, 1 for failed or cancelled runs.
    public var exitCode: Int32 { (record.end?.termination.isFailure ?? true) ? 1 : 0 }

    /// The summary table.
    public var summary: String { RunSummary.text(plan: plan, record: record, folder: folder) }
  }

  /// The plugins to run from.
  public var registry: PluginRegistry
  /// How the run is executed.
  public var driver: any RunDriver
  /// Draw a progress bar on stderr.
  public var showProgress: Bool

  /// Creates a session.
  public init(registry: PluginRegistry, driver: any RunDriver = InProcessRunDriver(), showProgress: Bool) {
    self.registry = registry
    self.driver = driver
    self.showProgress = showProgress
  }

  /// Plans and runs a request. Errors thrown here happen before anything is written.
  ///
  /// - Parameters:
  ///   - output: `--out`, or nil for the default folder under the working directory.
  ///   - invocation: the command line and start time for `result.json`.
  public func run(_ request: RunRequest, output: String?, invocation: RunInvocation) throws(CatalogueError)
    -> Outcome
  {
    let (plan, warnings) = try RunPlanner.plan(request, registry: registry)
    let path =
      output
      ?? RunFolder.defaultPath(
        algorithm: plan.algorithm.info.id, problem: plan.problem.info.id, seed: plan.seed, time: invocation.startTime)
    if output != nil { try RunFolder.checkAvailable(path) }
    for warning in warnings { ProcessEnvironment.writeError("warning: \(warning)\n") }
    let writer = RunFolderWriter(plan: plan, invocation: invocation, path: path, explicit: output != nil)
    // The bar goes first so it erases itself before the writer prints a warning on stderr.
    var sinks: [any RunEventSink] = showProgress ? [ProgressBar(maxIters: plan.stopping.maxIters)] : []
    sinks.append(writer)
    _ = try driver.run(plan, sink: RunEventFanout(sinks))
    return Outcome(
      plan: plan, record: writer.record, folder: writer.folder, result: writer.result, warnings: warnings)
  }
}
