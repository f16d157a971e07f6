import Glibc
import Synchronization

/// Whether the user pressed Ctrl-C during a run.
///
/// A signal handler cannot reach a run object, so it sets a process-wide atomic flag that the run's `report` and
/// `should_stop` services read; the plugin then returns and the run ends as `cancelled` with its partial trace
/// on disk. The handler is installed with `SA_RESETHAND`, so a second Ctrl-C kills a plugin that ignores the
/// request. This is the second of the two pieces of global state in the host; it lives here, alone.
public enum InterruptFlag {
  /// Set by the SIGINT handler; an atomic is async-signal-safe to store to.
  private static let raised = Atomic<Bool>(false)
  /// Ctrl-C presses counted by the relaying handler of a host that runs its plugin in a worker.
  private static let presses = Atomic<Int>(0)

  /// SIGTERM or SIGHUP, once the host running a worker received one (0 before).
  private static let ended = Atomic<Int32>(0)
  /// How many callers are inside `installCounting()` … `uninstallCounting()`: `validate` holds the handlers for all
  /// its checks, and each of its runs nests inside.
  private static let countingDepth = Atomic<Int>(0)

  /// How often Ctrl-C was pressed since `installCounting()`.
  public static var pressCount: Int { presses.load(ordering: .relaxed) }

  /// The SIGTERM or SIGHUP the host received since `installCounting()` (a `timeout`, a batch scheduler, a closed
  /// SSH session), if any.
  public static var terminationSignal: Int32? {
    let number = ended.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }

  /// True while the counting handlers are installed and Ctrl-C, SIGTERM or SIGHUP has arrived since: a host that
  /// starts children one after another (`validate`) stops starting more.
  public static var stopRequested: Bool {
    countingDepth.load(ordering: .relaxed) > 0 && (pressCount > 0 || terminationSignal != nil)
  }

  /// Installs a SIGINT handler that counts presses and SIGTERM and SIGHUP handlers that record the signal; they
  /// stay installed: the host running a worker stays alive to stop it (first press: ask; second press, SIGTERM or
  /// SIGHUP: kill) and to write the run's result. Calls nest: only the outermost installs (and clears the counts),
  /// and only its `uninstallCounting()` restores the defaults.
  public static func installCounting() {
    guard countingDepth.add(1, ordering: .relaxed).newValue == 1 else { return }
    presses.store(0, ordering: .relaxed)
    ended.store(0, ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in InterruptFlag.presses.add(1, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    var termination = sigaction()
    termination.__sigaction_handler.sa_handler = { number in InterruptFlag.ended.store(number, ordering: .relaxed) }
    sigemptyset(&termination.sa_mask)
    termination.sa_flags = 0
    sigaction(SIGTERM, &termination, nil)
    sigaction(SIGHUP, &termination, nil)
  }

  /// Restores the default handling of the signals `installCounting()` took over.
  public static func uninstallCounting() {
    guard countingDepth.subtract(1, ordering: .relaxed).newValue == 0 else { return }
    for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
  }

  /// True once SIGINT arrived since the last `install()`.
  public static var isRaised: Bool { raised.load(ordering: .relaxed) }

  /// Clears the flag and installs the one-shot handler for the duration of a run (SIGINT in the host, SIGUSR1 in
  /// a run worker, which ignores SIGINT because its parent relays Ctrl-C), then unblocks the signal on this
  /// thread.
  ///
  /// A worker starts with SIGUSR1 blocked (``ChildProcess``'s `blockedSignals`), so a Ctrl-C relayed while it is
  /// still loading the plugin or building the instance stays pending and is delivered here, cancelling the run at
  /// its first report, instead of being lost.
  public static func install(signal number: Int32 = SIGINT) {
    raised.store(false, ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in InterruptFlag.raised.store(true, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
    sigaction(number, &action, nil)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, number)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// After a run: SIGINT gets its default behaviour back; any other (a worker's SIGUSR1) is blocked again, so a
  /// late relay cannot kill the worker while it hands over its results.
  public static func uninstall(signal number: Int32 = SIGINT) {
    if number != SIGINT {
      var set = sigset_t()
      sigemptyset(&set)
      sigaddset(&set, number)
      pthread_sigmask(SIG_BLOCK, &set, nil)
    }
    signal(number, SIG_DFL)
  }
}
