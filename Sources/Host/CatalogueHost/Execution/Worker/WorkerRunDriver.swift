import Glibc

/// Runs a plan in a worker child process (ARCHITECTURE §5): the default for `catalogue run`.
///
/// The worker (`catalogue __worker run`) loads the plugins and streams the run's events; this side feeds them to
/// the same sinks an in-process run uses, so the files are written as rows arrive and come out byte for byte the
/// same. A plugin that segfaults, traps, aborts or hangs takes only the worker down: the run ends as `failed`
/// with one line naming the algorithm, the plugin, its version and the signal, and every row reported before the
/// crash stays in `trace.csv`.
///
/// Stopping: the worker applies `--time-limit` itself at each report; if it has not ended `grace` seconds (at
/// least 1, or a tenth of the limit) after the limit, this side sends SIGTERM (the worker writes out its buffered
/// rows and dies) and then SIGKILL. The first Ctrl-C is relayed as SIGUSR1, which cancels the run at its next
/// report; a worker that has not stopped `grace` seconds later, or a second Ctrl-C, gets SIGTERM. Until the run has
/// started, the time limit counts from the worker's start, so a problem (or foreign objective) that hangs while its
/// instance is built is stopped too. A watchdog (`watchdog` seconds without any event, 600 by default, 0 for none)
/// stops a worker that hangs without a time limit (Tests/IntegrationTests/WatchdogTests.swift). SIGTERM or SIGHUP
/// sent to the host (by `timeout`, a batch scheduler, a closed SSH session) stops the worker the same way at once,
/// and the run ends `cancelled` with its rows and `result.json` written (Tests/IntegrationTests/HostSignalTests.swift).
///
/// The worker leads a process group of its own. SIGTERM goes to the worker alone (its handler writes out the rows it
/// holds), SIGKILL to the whole group, and once the worker has exited the group is killed and its pipes are read to their current end rather than to an end of file: a
/// process a plugin forked and left behind holds them open and would otherwise keep the host waiting forever
/// (Tests/IntegrationTests/ForkingPluginTests.swift).
public struct WorkerRunDriver: RunDriver {
  /// The `catalogue` executable to start as the worker.
  public var executable: String
  /// Seconds a worker gets to stop by itself after it was asked to.
  public var grace: Double
  /// Seconds without any event from the worker (no row, log or progress, and no start) after which it is stopped
  /// as hung; 0 turns the watchdog off.
  public var watchdog: Double
  /// Most bytes the worker may write to stdout and stderr before it is stopped and the run fails (nil: no limit;
  /// `validate` sets one, a plugin reports through the host's log service).
  public var outputBudget: Int?

  /// The watchdog of `catalogue run` unless `--watchdog` says otherwise: ten minutes without a report is far
  /// longer than an iteration of any method in the catalogue takes, and a plugin whose iterations are longer
  /// keeps it quiet by reporting progress.
  public static let defaultWatchdog = 600.0

  /// Creates a driver that starts `executable` as its worker.
  public init(executable: String, grace: Double = 3, watchdog: Double = defaultWatchdog, outputBudget: Int? = nil) {
    self.executable = executable
    self.grace = grace
    self.watchdog = watchdog
    self.outputBudget = outputBudget
  }

  public func run(_ plan: RunPlan, sink: any RunEventSink) throws(CatalogueError) -> RunEnd {
    let planBytes: [UInt8]
    do {
      planBytes = try JSONCoding.encode(WorkerPlan(plan))
    } catch {
      throw .runFailed("cannot send the plan to the run worker (\(error)); this is a catalogue bug")
    }
    let input = try UnixPipe()
    let events = try UnixPipe()
    let output = try UnixPipe()
    let child: ChildProcess
    do {
      child = try ChildProcess(
        executable: executable, arguments: [WorkerMain.command, "run"],
        descriptors: [0: input.readEnd, 1: output.writeEnd, 2: output.writeEnd, 3: events.writeEnd],
        ownProcessGroup: true, blockedSignals: [SIGUSR1])
    } catch {
      for descriptor in [input.readEnd, input.writeEnd, events.readEnd, events.writeEnd, output.readEnd] {
        close(descriptor)
      }
      close(output.writeEnd)
      throw error
    }
    for descriptor in [input.readEnd, events.writeEnd, output.writeEnd] { close(descriptor) }
    let previousPipeHandler = signal(SIGPIPE, SIG_IGN)
    DescriptorIO.writeAll(input.writeEnd, planBytes)
    close(input.writeEnd)
    events.setNonBlockingRead()
    output.setNonBlockingRead()
    InterruptFlag.installCounting()
    var session = WorkerSession(
      plan: plan, sink: sink, child: child, grace: grace, watchdog: watchdog, outputBudget: outputBudget)
    session.pump(events: events.readEnd, output: output.readEnd)
    InterruptFlag.uninstallCounting()
    signal(SIGPIPE, previousPipeHandler)
    close(events.readEnd)
    close(output.readEnd)
    return try session.conclude()
  }
}

/// The host's side of one worker run: decodes frames, feeds the sinks, tracks what is needed to end the run if
/// the worker does not, and escalates from asking to killing.
private struct WorkerSession {
  let plan: RunPlan
  let sink: any RunEventSink
  let child: ChildProcess
  let grace: Double
  private var buffer: [UInt8] = []
  private var consumed = 0
  /// The worker's stdout and stderr, logged as it arrives.
  private var outputLog = WorkerOutputLog()
  /// Lines of output that arrived before the run started (and its folder existed).
  private var earlyOutput: [String] = []
  /// Most bytes the worker may print before it is stopped (nil: no limit).
  let outputBudget: Int?
  /// Whether the worker was stopped for printing more than `outputBudget`.
  private var noisy = false
  private var startedAt: ContinuousClock.Instant?
  private var lastRow: (iteration: UInt64, counters: OracleCounters)?
  /// The values of the row being delivered (storage reused from row to row).
  private var rowValues: [Double] = []
  private var rows = 0
  private var finished: RunEnd?
  private var refused: CatalogueError?
  private var broken: String?
  /// Why the host stopped the worker, if it did.
  private var stopReason: (Termination, String)?
  private var askedAt: ContinuousClock.Instant?
  private var terminatedAt: ContinuousClock.Instant?
  private var pressesSeen = 0
  let watchdog: Double
  /// Whether the watchdog stopped the worker.
  private var watchdogFired = false
  /// When the worker was started; the time limit counts from here until the run has started, so a problem or a
  /// foreign objective that hangs while the instance is built is stopped too.
  private let spawnedAt = ContinuousClock.now
  /// When the last event arrived (or the worker was started).
  private var lastEventAt = ContinuousClock.now
  /// The SIGTERM or SIGHUP the host received, which ended the run.
  private var hostSignal: Int32?

  init(
    plan: RunPlan, sink: any RunEventSink, child: ChildProcess, grace: Double, watchdog: Double, outputBudget: Int?
  ) {
    self.plan = plan
    self.sink = sink
    self.child = child
    self.grace = grace
    self.watchdog = watchdog
    self.outputBudget = outputBudget
  }

  private var who: String { "\(plan.algorithm.info.id) (\(plan.algorithm.plugin.label))" }

  /// Reads until the worker has exited, then reads what it left in the pipes and kills what remains of its group.
  mutating func pump(events: Int32, output outputDescriptor: Int32) {
    var eventsOpen = true
    var outputOpen = true
    while true {
      if eventsOpen {
        if DescriptorIO.drain(events, into: &buffer) == .endOfFile { eventsOpen = false }
        decodeFrames()
      }
      if outputOpen {
        var chunk: [UInt8] = []
        if DescriptorIO.drain(outputDescriptor, into: &chunk, atMost: 1 << 20) == .endOfFile { outputOpen = false }
        record(output: chunk)
      }
      if child.poll() != nil {
        // Everything the worker wrote is in the pipes now; a process still holding them is a plugin's leftover.
        child.killLeftovers()
        if eventsOpen {
          _ = DescriptorIO.drain(events, into: &buffer)
          decodeFrames()
        }
        break
      }
      enforceLimits()
      if broken == nil {
        do {
          try sink.flushIfDue()
        } catch {
          broken = error.message
          child.signalGroup(SIGKILL)
        }
      }
      if eventsOpen || outputOpen {
        DescriptorIO.waitReadable((eventsOpen ? [events] : []) + (outputOpen ? [outputDescriptor] : []), timeout: 0.1)
      } else {
        child.wait(timeout: 0.1)  // both streams ended: the worker is exiting (or must be stopped)
      }
    }
    if outputOpen {
      var chunk: [UInt8] = []
      _ = DescriptorIO.drain(outputDescriptor, into: &chunk, atMost: 1 << 20)
      record(output: chunk)
    }
  }

  /// Logs what the worker printed (held back until the run has started), and stops a worker that printed more
  /// than `outputBudget`.
  private mutating func record(output chunk: [UInt8]) {
    guard !chunk.isEmpty else { return }
    log(output: outputLog.append(chunk))
    if let outputBudget, outputLog.bytes > outputBudget, !noisy {
      noisy = true
      if stopReason == nil {
        stopReason = (.failed, "printed more than \(outputBudget) bytes to stdout and stderr")
      }
      child.signalGroup(SIGKILL)
      terminatedAt = ContinuousClock.now
    }
  }

  private mutating func log(output lines: [String]) {
    guard startedAt != nil else {
      earlyOutput += lines
      return
    }
    for line in lines where broken == nil {
      do {
        try sink.handle(.log(.debug, line))
      } catch {
        broken = error.message
        child.signalGroup(SIGKILL)
      }
    }
  }

  private mutating func decodeFrames() {
    // One clock read per batch of frames, not per frame: the watchdog counts from the last batch.
    var decoded = false
    defer { if decoded { lastEventAt = ContinuousClock.now } }
    while broken == nil {
      let message: WorkerMessage?
      do {
        if let row = try WorkerMessage.decodeRow(buffer, at: &consumed, values: &rowValues) {
          decoded = true
          deliverRow(row)
          continue
        }
        message = try WorkerMessage.decode(buffer, at: &consumed)
      } catch {
        broken = "the worker sent a malformed message"
        child.signalGroup(SIGKILL)
        return
      }
      guard let message else { break }
      decoded = true
      switch message {
      case .refused(let error): refused = error
      case .event(let event): deliver(event)
      }
    }
    if consumed == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      consumed = 0
    } else if consumed > 1 << 20 {
      buffer.removeFirst(consumed)
      consumed = 0
    }
  }

  /// Hands a row to the sinks as a view of `rowValues` (the hot path: nothing is allocated per row).
  private mutating func deliverRow(_ row: WorkerMessage.RowHeader) {
    lastRow = (row.iteration, row.counters)
    rows += 1
    guard broken == nil else { return }
    do {
      try rowValues.withUnsafeBufferPointer { (values) throws(CatalogueError) in
        try sink.handleRow(
          TraceRowView(iteration: row.iteration, values: values, counters: row.counters, elapsed: row.elapsed))
      }
    } catch {
      broken = error.message
      child.signalGroup(SIGKILL)
    }
  }

  private mutating func deliver(_ event: RunEvent) {
    switch event {
    case .started:
      startedAt = ContinuousClock.now
      guard broken == nil else { return }
      do {
        try sink.handle(event)
      } catch {
        broken = error.message
        child.signalGroup(SIGKILL)
      }
      log(output: earlyOutput)
      earlyOutput = []
      return
    case .row(let row):
      lastRow = (row.iteration, row.counters)
      rows += 1
    case .finished(let end):
      finished = end
      return  // delivered after the worker's output has been logged
    default: break
    }
    guard broken == nil else { return }
    do {
      try sink.handle(event)
    } catch {
      broken = error.message
      child.signalGroup(SIGKILL)
    }
  }

  /// Relays Ctrl-C, enforces the time limit, and escalates to SIGTERM and SIGKILL.
  private mutating func enforceLimits() {
    let now = ContinuousClock.now
    let presses = InterruptFlag.pressCount
    if presses > pressesSeen {
      pressesSeen = presses
      if stopReason == nil { stopReason = (.cancelled, "interrupted by the user (Ctrl-C)") }
      if presses == 1 {
        child.signal(SIGUSR1)
        askedAt = now
      } else if terminatedAt == nil {
        child.signal(SIGTERM)
        terminatedAt = now
      }
    }
    if let number = InterruptFlag.terminationSignal, terminatedAt == nil {
      if stopReason == nil { stopReason = (.cancelled, "catalogue received \(SignalName.name(number))") }
      hostSignal = number
      child.signal(SIGTERM)
      terminatedAt = now
    }
    if watchdog > 0, finished == nil, terminatedAt == nil, (now - lastEventAt).inSeconds > watchdog {
      if stopReason == nil {
        stopReason = (
          .failed,
          "no report for \(NumberFormat.compact(watchdog)) s (the watchdog; --watchdog SECONDS changes it, 0 "
            + "turns it off)"
        )
      }
      watchdogFired = true
      child.signal(SIGTERM)
      terminatedAt = now
    }
    if let limit = plan.stopping.timeLimit, finished == nil, terminatedAt == nil,
      (now - (startedAt ?? spawnedAt)).inSeconds > limit + max(1, 0.1 * limit)
    {
      if stopReason == nil {
        stopReason = (.timeLimit, "time limit of \(NumberFormat.shortest(limit)) s reached")
      }
      child.signal(SIGTERM)
      terminatedAt = now
    }
    if let askedAt, terminatedAt == nil, (now - askedAt).inSeconds > grace {
      child.signal(SIGTERM)
      terminatedAt = now
    }
    if let terminatedAt, (now - terminatedAt).inSeconds > 1 {
      child.signalGroup(SIGKILL)
    }
  }

  /// The run's ending: the worker's own, or one that explains how the worker died.
  mutating func conclude() throws(CatalogueError) -> RunEnd {
    let exit = child.wait()!
    let lastLines = outputLog.finish()
    let lastWords = outputLog.lastLine.map { "; its last output: \(String($0.prefix(300)))" } ?? ""
    guard let startedAt else {
      if let refused { throw refused }
      if let broken { throw .runFailed("\(who): \(broken)") }
      if noisy, let outputBudget {
        throw .runFailed(
          "\(who) printed more than \(outputBudget) bytes to stdout and stderr before its run started and was "
            + "stopped (a plugin reports through the host's log service, not by printing)")
      }
      if let (_, reason) = stopReason {
        throw .runFailed("\(who) was stopped before its run started: \(reason)")
      }
      throw .runFailed(
        "\(who) \(describe(exit)) before its run started (while loading the plugin or building problem "
          + "\(plan.problem.info.id))\(lastWords)")
    }
    for line in lastLines where broken == nil {
      try? sink.handle(.log(.debug, line))
    }
    if let finished, broken == nil, !noisy {
      try sink.handle(.finished(finished))
      return finished
    }
    let termination: Termination
    var message: String
    let progress = lastRow.map { "after iteration \($0.iteration)" } ?? "before its first report"
    let kept = "\(rows) trace row\(rows == 1 ? " was" : "s were") kept"
    if let broken {
      termination = .failed
      message = broken
    } else if noisy, let outputBudget, stopReason?.0 == .failed {
      termination = .failed
      message =
        "\(who) printed more than \(outputBudget) bytes to stdout and stderr \(progress) (a plugin reports through "
        + "the host's log service, not by printing); \(kept)"
    } else if watchdogFired, stopReason?.0 == .failed {
      termination = .failed
      message =
        "\(who) sent no report for \(NumberFormat.compact(watchdog)) s and was stopped by the watchdog \(progress) "
        + "(--watchdog SECONDS changes the limit, 0 turns it off); \(kept)"
    } else if hostSignal != nil, let (_, text) = stopReason {
      termination = .cancelled
      message = "\(text) and stopped \(who) \(progress); \(kept)"
    } else if let (reason, text) = stopReason {
      // A worker that had to be killed hung: for a time limit that is a failure of the plugin, not an ending.
      termination = reason == .cancelled ? .cancelled : .failed
      message =
        "\(text), but \(who) did not stop and \(describe(exit)) \(progress); \(kept)"
    } else {
      termination = .failed
      message = "\(who) \(describe(exit)) \(progress); \(kept)\(lastWords)"
    }
    let end = RunEnd(
      termination: termination, message: message, iterations: lastRow?.iteration ?? 0, rows: rows,
      counters: lastRow?.counters ?? OracleCounters(), wallTime: (ContinuousClock.now - startedAt).inSeconds)
    try sink.handle(.finished(end))
    return end
  }

  private func describe(_ exit: ChildExit) -> String {
    switch exit {
    case .signaled(let signal) where stopReason != nil: return "was killed with \(SignalName.name(signal))"
    case .signaled(SIGKILL):
      // Nothing in catalogue sent it: usually the kernel's out-of-memory killer or a scheduler's memory limit.
      return "was killed with SIGKILL from outside catalogue (most often the out-of-memory killer: see 'dmesg' or "
        + "the job's memory limit)"
    case .signaled(let signal): return "crashed with \(SignalName.describe(signal))"
    case .exited(let code): return "ended its process with exit status \(code) without finishing the run"
    }
  }
}
