import COpenBLAS

/// The number of threads OpenBLAS uses, which the host records with every run.
///
/// Plugins call BLAS from inside the host's own (possibly parallel) runs, and timing claims are only comparable at a
/// known thread count, so the library defaults to **one thread per process**: the first routine of this module to
/// run calls `openblas_set_num_threads(1)` exactly once (or the host calls ``configureDefault()`` up front). After
/// that, ``set(_:)`` is the only way the count changes. The setting lives inside OpenBLAS (process-wide library
/// state); this type holds none of its own.
public enum BLASThreads {
  /// Applies the one-thread default once per process; Swift runs a static initialiser exactly once, thread-safely.
  private static let applyDefaultOnce: Void = { openblas_set_num_threads(1) }()

  /// Applies the default if nothing has yet; every BLAS/LAPACK entry point of this module calls it first.
  @inline(__always)
  static func ensureDefault() { _ = applyDefaultOnce }

  /// Applies the one-thread default now, so the host can record the thread count before any plugin runs.
  public static func configureDefault() { ensureDefault() }

  /// Sets the OpenBLAS thread count for the whole process (values below 1 are treated as 1).
  ///
  /// The default is applied first, so a later lazy default can never overwrite this choice.
  public static func set(_ n: Int) {
    ensureDefault()
    openblas_set_num_threads(Int32(clamping: max(1, n)))
  }

  /// The thread count OpenBLAS will use for the next call (after applying the default if still pending).
  public static var current: Int {
    ensureDefault()
    return Int(openblas_get_num_threads())
  }
}
