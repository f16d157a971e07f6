import CCatalogue
import Glibc

/// Runs a plan and reports what happens as events. The seam between "what to run" and "where it runs":
/// `InProcessRunDriver` runs the plugin in this process (`run --in-process`, the run worker itself, `validate`);
/// `WorkerRunDriver`, the default, runs it in a child process and relays the same events.
public protocol RunDriver {
  /// Builds the problem instance, checks the algorithm's needs against it, runs the algorithm and destroys the
  /// instance. Throws (before any event) if the run cannot start; otherwise every outcome, including a failing
  /// plugin, is a `RunEnd` that is also sent as the last event.
  func run(_ plan: RunPlan, sink: any RunEventSink) throws(CatalogueError) -> RunEnd
}

/// Runs plugins in the calling process: `run --in-process`, the tests, and the worker child of `WorkerRunDriver`.
public struct InProcessRunDriver: RunDriver {
  /// The signal that asks the run to stop: SIGINT (Ctrl-C) in the host, SIGUSR1 in a worker, whose parent relays
  /// Ctrl-C so that a terminal's SIGINT to the whole process group is not counted twice.
  public var interruptSignal: Int32
  /// Watches the run from a thread of its own and abandons one that does not stop (`run --in-process`); nil in a
  /// worker, whose host does that, and for library callers, whose process must not be ended.
  public var supervisor: InProcessSupervisor?

  /// Creates the driver.
  public init(interruptSignal: Int32 = SIGINT, supervisor: InProcessSupervisor? = nil) {
    self.interruptSignal = interruptSignal
    self.supervisor = supervisor
  }

  public func run(_ plan: RunPlan, sink events: any RunEventSink) throws(CatalogueError) -> RunEnd {
    let algorithm = plan.algorithm
    let algorithmDescriptor = try algorithm.descriptor()
    let sink =
      supervisor?.begin(
        algorithm: "\(algorithm.info.id) (\(algorithm.plugin.label))", timeLimit: plan.stopping.timeLimit,
        sink: events) ?? events
    defer { supervisor?.end() }
    let problemStore = ParameterStore(owner: plan.problem.info.parameterOwner, resolved: plan.problemParameters)
    let algorithmStore = ParameterStore(owner: algorithm.info.parameterOwner, resolved: plan.algorithmParameters)
    let instance = try ProblemInstance(problem: plan.problem, parameters: problemStore, seed: plan.seed)
    defer {
      instance.destroy()
      // The stores back the strings plugins read through param_string: keep them until the instance is gone.
      withExtendedLifetime((problemStore, algorithmStore)) {}
    }
    if let mismatch = instance.mismatch(for: algorithm.info) { throw .usage(mismatch) }

    let context = RunContext(algorithmID: algorithm.info.id, stopping: plan.stopping, sink: sink)
    instance.interposer.run = context
    var rng = cat_rng(seed: plan.seed, stream: 2)
    var status = cat_status(CAT_OK)
    let start = RunStart(
      references: instance.references, metricNames: instance.metricNames,
      blasThreads: ProcessEnvironment.openBLASThreads())
    if context.emit(.started(start)) {
      InterruptFlag.install(signal: interruptSignal)
      ErrorSlot.clear()
      status = algorithmDescriptor.pointee.run!(
        algorithmDescriptor, HostServices.table, context.opaquePointer, algorithmStore.opaquePointer,
        UnsafePointer(instance.interposer.wrapped), &rng)
      InterruptFlag.uninstall(signal: interruptSignal)
    }
    let wallTime = context.elapsed
    instance.interposer.run = nil

    let rejected = Int(status) == CAT_ERR_INVALID_ARGUMENT && context.rows == 0 && context.termination == nil
    let (termination, message) = Self.ending(
      status: status, context: context, algorithm: algorithm, verb: rejected ? "refused its input" : "failed")
    let end = RunEnd(
      termination: termination, message: message, iterations: context.lastIteration, rows: context.rows,
      counters: context.counters, wallTime: wallTime, rejectedInput: rejected)
    try sink.handle(.finished(end))
    return end
  }

  /// The run's ending from the plugin's status and what the host recorded: a non-OK status is a failure, except
  /// `CAT_ERR_CANCELLED` after the host asked the plugin to stop.
  static func ending(status: cat_status, context: RunContext, algorithm: AlgorithmHandle, verb: String = "failed")
    -> (Termination, String)
  {
    let message = ErrorSlot.take()
    if Int(status) == CAT_OK {
      if let (reason, text) = context.termination { return (reason, text) }
      return (.completed, "\(algorithm.info.id) returned without stating why it stopped")
    }
    if Int(status) == CAT_ERR_CANCELLED, let (reason, text) = context.termination, reason != .failed {
      return (reason, text)
    }
    if let (reason, text) = context.termination, reason == .failed { return (.failed, text) }
    let detail = message ?? "returned status \(StatusName.of(status)) without a message"
    return (.failed, "\(algorithm.info.id) (\(algorithm.plugin.label)) \(verb): \(detail)")
  }
}
