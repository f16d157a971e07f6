import Glibc

/// The process's CPU time (user + system, all threads): on a shared, loaded machine it counts only the work this
/// process did, where wall time would count the time other processes had the core.
enum CPUClock {
  /// Seconds of CPU time so far.
  static func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
  }
}
