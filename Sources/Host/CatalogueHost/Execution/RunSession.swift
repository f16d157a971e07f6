/// One `catalogue run` from request to result: plan, folder check, run with the folder writer and the caller's
/// observers (the command line's progress bar and warning echo), and the exit code. It never prints: warnings go
/// to the caller's `warn` closure before the run starts, and to the observers as `log` events while it runs.
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
    public var result: ResultDocument?

    /// 0 for a run that ended normally, 1 for failed or cancelled runs.
    public var exitCode: Int32 { (record.end?.termination.isFailure ?? true) ? 1 : 0 }
  }

  /// The plugins to run from.
  public var registry: PluginRegistry
  /// How the run is executed.
  public var driver: any RunDriver

  /// Creates a session.
  public init(registry: PluginRegistry, driver: any RunDriver = InProcessRunDriver()) {
    self.registry = registry
    self.driver = driver
  }

  /// Plans and runs a request. Usage errors thrown here leave nothing on disk, including one the algorithm reports
  /// when it refuses its input before its first row (`RunEnd.rejectedInput`).
  ///
  /// - Parameters:
  ///   - output: `--out`, or nil for the default folder under the working directory.
  ///   - invocation: the command line and start time for `result.json`.
  ///   - warn: receives the planner's warnings, once the plan is known and before the run starts.
  ///   - observers: makes the sinks that see every event before the folder writer does.
  public func run(
    _ request: RunRequest, output: String?, invocation: RunInvocation, warn: (String) -> Void = { _ in },
    observers: (RunPlan) -> [any RunEventSink] = { _ in [] }
  ) throws(CatalogueError) -> Outcome {
    let (plan, warnings) = try RunPlanner.plan(request, registry: registry)
    let path =
      output
      ?? RunFolder.defaultPath(
        algorithm: plan.algorithm.info.id, problem: plan.problem.info.id, seed: plan.seed, time: invocation.startTime)
    if output != nil { try RunFolder.checkAvailable(path) }
    try RunFolder.checkCreatable(path)
    let existed = FileSystem.kind(of: path) == .directory
    for warning in warnings { warn(warning) }
    let writer = RunFolderWriter(plan: plan, invocation: invocation, path: path, explicit: output != nil)
    let end = try driver.run(plan, sink: RunEventFanout(observers(plan) + [writer]))
    if end.rejectedInput {
      // A usage error only the plugin could see: no run happened, so no run folder is left (an empty --out folder
      // that existed before is emptied, not removed).
      if let folder = writer.folder { RunFolder.discard(folder, keepingFolder: existed && folder == path) }
      throw .usage("\(end.message) (nothing ran; no run folder was kept)")
    }
    return Outcome(plan: plan, record: writer.record, folder: writer.folder, result: writer.result)
  }
}
