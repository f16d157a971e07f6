import Glibc

/// What `run --in-process` does for a run that will not stop: the worker's guarantees, as far as one process can
/// give them (docs/architecture.md §8.1).
///
/// A run in the host's own process has no worker to kill. A thread of the supervisor's own wakes every 100 ms,
/// writes out what the sinks buffer (so rows reported before a stall are on disk within the flush interval) and
/// watches the run: SIGTERM or SIGHUP (which the run also sees at its next report and ends `cancelled`), Ctrl-C,
/// the time limit and the watchdog. A plugin that has not stopped `grace` seconds after the signal or Ctrl-C, one
/// past its time limit by the worker's margin (a tenth of the limit, at least 1 s), or one silent for `watchdog`
/// seconds is abandoned: the supervisor ends the run's record itself, so `trace.csv`, `run.log` and the final
/// `result.json` are written as a worker run's would be, and then calls `abandon`, which must end the process (the
/// plugin's thread cannot be stopped otherwise). What it cannot contain is a crash: a segfault or abort in the
/// plugin ends the host, leaving the rows flushed so far and the provisional `result.json` ("running")
/// (Tests/IntegrationTests/InProcessSupervisionTests.swift).
///
/// Every event to the sinks passes through ``sink`` under one lock, which the supervisor takes for good when it
/// abandons the run, so the plugin's thread can never write after the final record.
public final class InProcessSupervisor: @unchecked Sendable {
  /// The watchdog in seconds (0: none).
  public let watchdog: Double
  /// Seconds a run gets to stop after SIGTERM, SIGHUP or Ctrl-C.
  public let grace: Double
  /// Ends the process once the run's record is complete; receives the ending written.
  public let abandon: @Sendable (RunEnd) -> Never

  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private var inner: (any RunEventSink)?
  private var algorithm = ""
  private var timeLimit: Double?
  private let createdAt = ContinuousClock.now
  private var startedAt: ContinuousClock.Instant?
  private var lastEventAt = ContinuousClock.now
  private var lastRow: TraceRow?
  private var rows = 0
  private var finished = false
  private var stopping = false
  private var stopAskedAt: ContinuousClock.Instant?
  private var thread: pthread_t?

  /// Creates a supervisor; `abandon` must not return.
  public init(watchdog: Double, grace: Double = 1, abandon: @escaping @Sendable (RunEnd) -> Never) {
    self.watchdog = watchdog
    self.grace = grace
    self.abandon = abandon
    pthread_mutex_init(lock, nil)
  }

  deinit {
    pthread_mutex_destroy(lock)
    lock.deallocate()
  }

  /// The sink the run writes through: every event goes to `inner` under the supervisor's lock.
  final class GuardedSink: RunEventSink {
    let supervisor: InProcessSupervisor

    init(_ supervisor: InProcessSupervisor) {
      self.supervisor = supervisor
    }

    func handle(_ event: RunEvent) throws(CatalogueError) {
      try supervisor.deliver(event)
    }

    func flushIfDue() throws(CatalogueError) {
      try supervisor.withLock { () throws(CatalogueError) in try supervisor.inner?.flushIfDue() }
    }
  }

  /// Starts watching a run of `algorithm` whose events go to `sink`; returns the sink the run must use.
  func begin(algorithm: String, timeLimit: Double?, sink: any RunEventSink) -> any RunEventSink {
    inner = sink
    self.algorithm = algorithm
    self.timeLimit = timeLimit
    InterruptFlag.installCounting()
    // The thread blocks every signal, so the run's thread handles them as it would without a supervisor.
    var all = sigset_t()
    sigfillset(&all)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &all, &previous)
    var created = pthread_t()
    let context = Unmanaged.passRetained(self).toOpaque()
    if pthread_create(
      &created, nil,
      { context in
        let supervisor = Unmanaged<InProcessSupervisor>.fromOpaque(context!).takeRetainedValue()
        supervisor.watch()
        return nil
      }, context) == 0
    {
      thread = created
    } else {
      Unmanaged<InProcessSupervisor>.fromOpaque(context).release()
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
    return GuardedSink(self)
  }

  /// Stops watching once the run returned (or could not start).
  func end() {
    withLock { stopping = true }
    if let thread { pthread_join(thread, nil) }
    thread = nil
    InterruptFlag.uninstallCounting()
  }

  private func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return try body()
  }

  private func deliver(_ event: RunEvent) throws(CatalogueError) {
    try withLock { () throws(CatalogueError) in
      lastEventAt = ContinuousClock.now
      switch event {
      case .started: startedAt = lastEventAt
      case .row(let row):
        lastRow = row
        rows += 1
      case .finished: finished = true
      default: break
      }
      try inner?.handle(event)
    }
  }

  /// The supervisor's thread: flush, check, sleep, until the run ends or is abandoned.
  private func watch() {
    while true {
      usleep(100_000)
      pthread_mutex_lock(lock)
      if stopping || finished {
        pthread_mutex_unlock(lock)
        return
      }
      try? inner?.flushIfDue()
      if let (termination, reason) = verdict(now: ContinuousClock.now) {
        // Keep the lock: the plugin's thread must not write after the final record.
        let end = finish(termination, reason)
        abandon(end)
      }
      pthread_mutex_unlock(lock)
    }
  }

  /// Why the run must be abandoned now, if it must.
  private func verdict(now: ContinuousClock.Instant) -> (Termination, String)? {
    if InterruptFlag.terminationSignal != nil || InterruptFlag.isRaised || InterruptFlag.pressCount > 0 {
      if stopAskedAt == nil { stopAskedAt = now }
    }
    let cause: String? =
      if let number = InterruptFlag.terminationSignal {
        "catalogue received \(SignalName.name(number))"
      } else if InterruptFlag.isRaised || InterruptFlag.pressCount > 0 {
        "interrupted by the user (Ctrl-C)"
      } else {
        nil
      }
    if let cause, let stopAskedAt, (now - stopAskedAt).inSeconds > grace {
      return (.cancelled, "\(cause), but \(algorithm) did not stop within \(NumberFormat.compact(grace)) s")
    }
    if let limit = timeLimit, (now - (startedAt ?? createdAt)).inSeconds > limit + max(1, 0.1 * limit) {
      return (
        .failed, "time limit of \(NumberFormat.shortest(limit)) s reached, but \(algorithm) did not stop"
      )
    }
    if watchdog > 0, (now - lastEventAt).inSeconds > watchdog {
      return (
        .failed,
        "\(algorithm) sent no report for \(NumberFormat.compact(watchdog)) s (the watchdog; --watchdog SECONDS "
          + "changes it, 0 turns it off)"
      )
    }
    return nil
  }

  /// Writes the run's ending (when it has started) and returns it.
  private func finish(_ termination: Termination, _ reason: String) -> RunEnd {
    let progress = lastRow.map { "after iteration \($0.iteration)" } ?? "before its first report"
    let kept = "\(rows) trace row\(rows == 1 ? " was" : "s were") kept"
    let end = RunEnd(
      termination: termination,
      message: startedAt == nil
        ? "\(reason) (before its run started)" : "\(reason) \(progress); the run was abandoned in-process; \(kept)",
      iterations: lastRow?.iteration ?? 0, rows: rows, counters: lastRow?.counters ?? OracleCounters(),
      wallTime: startedAt.map { (ContinuousClock.now - $0).inSeconds } ?? 0)
    if startedAt != nil { try? inner?.handle(.finished(end)) }
    finished = true
    return end
  }
}
