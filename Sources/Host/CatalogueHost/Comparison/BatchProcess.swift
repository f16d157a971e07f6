#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A worker of a batch of runs started with `posix_spawn`, with stdin and stdout on /dev/null and stderr in a file.
///
/// The host avoids Foundation (see `FileSystem`), so comparisons start their worker processes through POSIX
/// directly. Each child gets its own process group: Ctrl-C at the terminal reaches only the parent, which
/// forwards exactly one SIGINT, so a child cancels its run cleanly instead of being killed by a second signal.
struct BatchProcess {
  /// The child's process id.
  let pid: pid_t

  /// How a child ended.
  enum Ending: Equatable, Sendable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)
  }

  /// Starts `executable` with `arguments` (without argv[0]) and exactly `environment`.
  static func spawn(
    executable: String, arguments: [String], environment: [String: String], stderrPath: String
  ) throws(CatalogueError) -> BatchProcess {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own process group, no blocked signals, and default handling of the signals this process changes.
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGUSR1, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    posix_spawnattr_setpgroup(&attributes, 0)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid = pid_t()
    let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard status == 0 else {
      throw .runFailed("cannot start \(executable): \(String(cString: strerror(status)))")
    }
    return BatchProcess(pid: pid)
  }

  /// The ending if the child has ended (reaping it), nil while it runs.
  func poll() -> Ending? {
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    // ECHILD: someone else reaped it; the run folder still tells what happened.
    if result == -1 && errno == ECHILD { return .exited(-1) }
    guard result == pid else { return nil }
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
  }

  /// Asks the child to stop its run (it ends as `cancelled` with its partial trace on disk).
  func interrupt() {
    kill(pid, SIGINT)
  }
}
