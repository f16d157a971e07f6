import CHostSystem
import Glibc
import Synchronization

/// Kills and reaps the processes a plugin's child left behind, including those that left its process group.
///
/// A plugin may fork a helper that outlives the scanner, check or worker it ran in. Killing the child's process
/// group reaches such a helper only while it stays in the group; one that called `setsid()` (or `setpgid`) escapes
/// it and would run on as an orphan of init, holding the host's pipes. The `catalogue` command therefore makes
/// itself a *child subreaper* (`prctl(PR_SET_CHILD_SUBREAPER)`, Linux ≥ 3.4): every orphan among its descendants
/// becomes its child instead of init's, whatever its group or session. After a child that ran plugin code ended,
/// ``killStrays()`` kills every child of the host that is not one it started and is still waiting for, reaps it,
/// and repeats for the orphans those leave in turn (Tests/IntegrationTests/ForkingPluginTests.swift).
///
/// The host's own children are the ones ``ChildProcess`` started; it registers each here under the lock that
/// ``killStrays()`` takes to tell them from strays, so a child being started can never be mistaken for a stray. A
/// sweep reads `/proc/PID/stat` of every process: 7 ms at 133 processes (release build, load ~19), paid once per
/// child that ran plugin code (a scan on a cache miss, a `validate` check, a run worker). This is process-wide state,
/// as the kernel's reaper role is; library users that host plugins in their own process (the Python package) do
/// not adopt orphans, since the role would make them reap processes they never knew of.
package enum OrphanReaper {
  /// Whether this process adopts orphans (set once by `adoptOrphans()`).
  private static let adopting = Atomic<Bool>(false)
  /// The pids of the children `ChildProcess` started and has not reaped yet.
  private static let started = Mutex<Set<pid_t>>([])
  /// Rounds of kill-and-reap before giving up on a descendant that keeps forking.
  static let maximumRounds = 64

  /// Makes this process the reaper of its orphaned descendants; returns false where the kernel refuses.
  @discardableResult
  package static func adoptOrphans() -> Bool {
    guard catalogue_set_child_subreaper() == 0 else { return false }
    adopting.store(true, ordering: .relaxed)
    return true
  }

  /// True once `adoptOrphans()` succeeded.
  package static var isAdopting: Bool { adopting.load(ordering: .relaxed) }

  /// Starts a child with `spawn` (which returns its pid, or nil) and records it as one of the host's own, all
  /// under the lock `killStrays()` takes to tell them from strays.
  static func register(_ spawn: () -> pid_t?) -> pid_t? {
    started.withLock { pids in
      let pid = spawn()
      if let pid { pids.insert(pid) }
      return pid
    }
  }

  /// Forgets a child once it was reaped.
  static func forget(_ pid: pid_t) {
    _ = started.withLock { $0.remove(pid) }
  }

  /// Kills (SIGKILL) and reaps every child of this process that `ChildProcess` did not start, round after round
  /// until none is left; returns how many there were. Does nothing unless `adoptOrphans()` succeeded.
  ///
  /// `/proc` is read without the lock (a sweep costs milliseconds; spawning must not wait for it), and the
  /// children found are compared with the registered ones under it: a child is registered, under the lock, as
  /// soon as `posix_spawn` returns, so one that was being started while `/proc` was read is known by the time it
  /// is compared. A stray's pid cannot be reused before this process reaps it.
  @discardableResult
  package static func killStrays() -> Int {
    guard isAdopting else { return 0 }
    var killed = 0
    for _ in 0..<maximumRounds {
      let found = children(of: getpid())
      let strays = started.withLock { known in found.filter { !known.contains($0) } }
      if strays.isEmpty { break }
      for pid in strays { kill(pid, SIGKILL) }
      for pid in strays { reap(pid) }
      killed += strays.count
    }
    return killed
  }

  /// Waits (up to 2 s) for a killed child to end and reaps it; its own orphans are this process's children once
  /// it has.
  private static func reap(_ pid: pid_t) {
    var status: Int32 = 0
    for _ in 0..<2000 {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid || (result < 0 && errno != EINTR) { return }
      usleep(1000)
    }
  }

  /// The pids whose parent is `parent`, from the fourth field of `/proc/PID/stat` (the kernel's per-thread
  /// `children` lists are not always built in).
  package static func children(of parent: pid_t) -> [pid_t] {
    guard let folder = opendir("/proc") else { return [] }
    defer { closedir(folder) }
    var result: [pid_t] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let pid = pid_t(name), pid != parent, parentOf(pid) == parent else { continue }
      result.append(pid)
    }
    return result
  }

  /// The parent pid of a process, or nil if it is gone.
  private static func parentOf(_ pid: pid_t) -> pid_t? {
    let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 512)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count > 0 else { return nil }
    // "PID (COMMAND) STATE PPID ...": the command may contain spaces and parentheses, so start after the last ')'.
    let text = bytes[..<count]
    guard let close = text.lastIndex(of: UInt8(ascii: ")")) else { return nil }
    let fields = text[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count >= 2 else { return nil }
    return pid_t(String(decoding: fields[1], as: UTF8.self))
  }
}
