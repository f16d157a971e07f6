import Glibc

/// Monotonic wall-clock accumulators for the split timings of spec §5.3 (lower-level solve, penalty solve), and the
/// thread's CPU clock for the per-step times the benchmark compares (on a shared machine a step's wall time includes
/// waiting for a core; its CPU time does not).
///
/// Times go into `result.json` only, never into the trace, so traces stay identical for one seed.
struct Stopwatch {
  /// Seconds accumulated so far.
  private(set) var total = 0.0
  /// Seconds of each timed call.
  private(set) var samples: [Double] = []

  /// Seconds of the first timed call (it builds and factors the lower-level Hessian, so it is not typical).
  var first: Double { samples.first ?? 0 }
  /// Timed calls so far.
  var count: Int { samples.count }

  /// Median seconds per call after the first (the steady state; the median because the machine may be shared),
  /// or the first call's time if there was only one.
  var steadyMedian: Double {
    let rest = samples.dropFirst().sorted()
    guard !rest.isEmpty else { return first }
    let mid = rest.count / 2
    return rest.count % 2 == 1
      ? rest[rest.startIndex + mid] : 0.5 * (rest[rest.startIndex + mid - 1] + rest[rest.startIndex + mid])
  }

  /// Seconds on the monotonic clock.
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
  }

  /// Seconds of CPU time used by the calling thread.
  static func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
  }

  /// Runs `body` and adds its duration.
  mutating func time<T>(_ body: () throws -> T) rethrows -> T {
    let start = Stopwatch.now()
    defer { record(Stopwatch.now() - start) }
    return try body()
  }

  /// Adds one call's duration measured elsewhere.
  mutating func record(_ seconds: Double) {
    total += seconds
    samples.append(seconds)
  }
}
