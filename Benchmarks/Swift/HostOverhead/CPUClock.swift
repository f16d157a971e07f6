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

  /// Seconds of system (kernel) CPU time so far, from `getrusage` (to the scheduler tick): the part of a round spent
  /// in the kernel (for the trace rows, copying the files' bytes into the page cache), printed so that the host's
  /// own share of a row can be told from the kernel's.
  static func systemSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
  }
}
