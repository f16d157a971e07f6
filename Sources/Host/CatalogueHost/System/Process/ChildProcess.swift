import Glibc

/// The host's one way to start a child process (`posix_spawn`): the scanner that loads one plugin file, the worker
/// that runs one algorithm, each of `validate`'s checks, and the `catalogue run` workers of a batch
/// (`compare`, `reproduce`).
///
/// The host does not use Foundation's `Process` nor swift-subprocess because it needs exact control over what the
/// child inherits (docs/architecture.md §5): a dedicated descriptor 3 for results, stdout and stderr sent to
/// `/dev/null`, a pipe or a file so that plugin output can never corrupt them, default signal dispositions, and
/// optionally a process group of its own. Every descriptor the host opens is close-on-exec, so the child sees only
/// what `descriptors` and `files` map. The children themselves ask to die with their parent (PR_SET_PDEATHSIG),
/// which no spawner can set for them across `exec`.
public final class ChildProcess {
  /// The child's process id.
  public let pid: pid_t
  /// How it ended, once reaped.
  public private(set) var exit: ChildExit?
  /// Whether the child leads a process group of its own (whose id is `pid`), which then holds every process the
  /// child forked unless one left it on purpose.
  public let ownsProcessGroup: Bool

  /// Starts a program.
  ///
  /// - Parameters:
  ///   - executable: absolute path of the program.
  ///   - arguments: its arguments (argv[0] is added).
  ///   - descriptors: child descriptor → parent descriptor to copy there; child descriptors not mapped among
  ///     0, 1, 2 (here or in `files`) are opened on `/dev/null`.
  ///   - files: child descriptor → a file created (or truncated) for writing there, e.g. a batch worker's stderr.
  ///   - environment: exactly these variables, or nil for this process's environment.
  ///   - ownProcessGroup: start a new process group, so Ctrl-C at the terminal reaches only this process, which
  ///     decides what to forward.
  ///   - blockedSignals: signals the child starts with blocked, so one sent before the child is ready to handle
  ///     it stays pending instead of taking its default action (a run worker's relayed Ctrl-C).
  public init(
    executable: String, arguments: [String], descriptors: [Int32: Int32] = [:], files: [Int32: String] = [:],
    environment: [String: String]? = nil, ownProcessGroup: Bool = false, blockedSignals: [Int32] = []
  ) throws(CatalogueError) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for standard in Int32(0)...2 where descriptors[standard] == nil && files[standard] == nil {
      posix_spawn_file_actions_addopen(&actions, standard, "/dev/null", standard == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    for (child, parent) in descriptors.sorted(by: { $0.key < $1.key }) {
      posix_spawn_file_actions_adddup2(&actions, parent, child)
    }
    for (child, path) in files.sorted(by: { $0.key < $1.key }) {
      posix_spawn_file_actions_addopen(&actions, child, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // The child starts with only `blockedSignals` blocked and default handling of the ones the host changes.
    var mask = sigset_t()
    sigemptyset(&mask)
    for signal in blockedSignals { sigaddset(&mask, signal) }
    posix_spawnattr_setsigmask(&attributes, &mask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGUSR1, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if ownProcessGroup {
      flags |= POSIX_SPAWN_SETPGROUP
      posix_spawnattr_setpgroup(&attributes, 0)
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { variables in
      variables.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    }
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp ?? [] { free(pointer) }
    }
    var status: Int32 = 0
    let started = OrphanReaper.register {
      var child = pid_t()
      status =
        if let envp {
          posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        } else {
          posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        }
      return status == 0 ? child : nil
    }
    guard let started else {
      throw .runFailed("cannot start \(executable): \(String(cString: strerror(status)))")
    }
    pid = started
    ownsProcessGroup = ownProcessGroup
  }

  /// Reaps the child if it has ended, without waiting.
  @discardableResult
  public func poll() -> ChildExit? {
    if let exit { return exit }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid {
      exit = ChildExit(waitStatus: status)
    } else if result == -1 && errno == ECHILD {
      exit = .exited(-1)  // someone else reaped it; what it wrote still tells what happened
    }
    if exit != nil { OrphanReaper.forget(pid) }
    return exit
  }

  /// Waits for the child to end, up to `timeout` seconds (forever when nil); nil if it is still running.
  @discardableResult
  public func wait(timeout: Double? = nil) -> ChildExit? {
    if let exit { return exit }
    guard let timeout else {
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      exit = ChildExit(waitStatus: status)
      OrphanReaper.forget(pid)
      return exit
    }
    let deadline = ContinuousClock.now + .milliseconds(Int(max(timeout, 0) * 1000))
    var pause: UInt32 = 200
    while poll() == nil {
      if ContinuousClock.now >= deadline { return nil }
      usleep(pause)
      pause = min(pause * 2, 10_000)
    }
    return exit
  }

  /// Sends a signal (no effect once the child was reaped).
  public func signal(_ signal: Int32) {
    guard exit == nil else { return }
    kill(pid, signal)
  }

  /// Sends a signal to the child's whole process group, or to the child alone when it has none of its own.
  ///
  /// The group outlives its leader while a member remains (a process a plugin forked and left behind), and its id
  /// cannot be reused meanwhile, so this reaches such leftovers even after the child was reaped.
  public func signalGroup(_ signal: Int32) {
    if ownsProcessGroup {
      kill(-pid, signal)
    } else {
      self.signal(signal)
    }
  }

  /// Kills what the child left behind once it has ended: its process group (if it has one) and, in a host that
  /// adopts orphans, every process that left the group, such as one that called `setsid()` (``OrphanReaper``).
  public func killLeftovers() {
    signalGroup(SIGKILL)
    OrphanReaper.killStrays()
  }

  /// Kills the child (and its process group, if it has one) with SIGKILL, reaps the child, then kills what it left
  /// behind.
  @discardableResult
  public func terminate() -> ChildExit {
    signalGroup(SIGKILL)
    let ended = wait()!
    killLeftovers()
    return ended
  }

  deinit {
    if exit == nil { terminate() }
  }
}
