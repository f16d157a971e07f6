/// A numerical failure reported by a LAPACK routine or by one of this module's matrix functions.
///
/// Every factorisation and solve in this module throws this instead of trapping, because a plugin runs inside the
/// host process and a crash there would take the host down with it (ARCHITECTURE.md §8). The LAPACK routine name
/// and its `info` code are kept verbatim so a failure can be looked up in the LAPACK documentation.
public struct LinearAlgebraError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, decoded from the sign and meaning of LAPACK's `info`.
  public enum Kind: Sendable, Hashable {
    /// `info < 0`: an argument was illegal. LAPACKE also reports a NaN in an input matrix this way.
    case illegalArgument
    /// LAPACKE could not allocate its workspace.
    case outOfMemory
    /// Cholesky (`dpotrf`): the leading minor of order `info` is not positive definite.
    case notPositiveDefinite
    /// LU (`dgesv`) or the Lyapunov solver: the matrix is exactly singular.
    case singular
    /// Least squares (`dgels`): the `info`-th diagonal entry of the triangular factor is zero.
    case rankDeficient
    /// An iterative routine (`dsyevd`, `dgesdd`) did not converge.
    case noConvergence
    /// A matrix function was applied outside its domain (e.g. log of a non-positive eigenvalue); `info` is the
    /// 1-based index of the first offending eigenvalue.
    case domain
  }

  /// The LAPACK routine (`"dpotrf"`) or matrix function (`"logm"`) that failed.
  public var routine: String
  /// LAPACK's `info` code (or the 1-based index of the offending eigenvalue for `.domain`).
  public var info: Int
  /// The decoded category.
  public var kind: Kind

  /// Creates an error; use when a caller needs to report a failure in the same vocabulary.
  public init(routine: String, info: Int, kind: Kind) {
    self.routine = routine
    self.info = info
    self.kind = kind
  }

  /// One line naming the routine, the category and the info code, fit for a plugin's error message.
  public var description: String {
    let what: String
    switch kind {
    case .illegalArgument: what = "argument \(-info) is illegal (LAPACKE reports a NaN input this way)"
    case .outOfMemory: what = "workspace allocation failed"
    case .notPositiveDefinite: what = "matrix is not positive definite (leading minor \(info))"
    case .singular: what = "matrix is singular (pivot \(info) is zero)"
    case .rankDeficient: what = "matrix is rank deficient (diagonal \(info) of the factor is zero)"
    case .noConvergence: what = "did not converge"
    case .domain: what = "eigenvalue \(info) is outside the function's domain"
    }
    return "\(routine) failed: \(what) (info \(info))"
  }

  /// Decodes a nonzero LAPACKE return code; `positive` says what a positive `info` means for this routine.
  static func lapack(_ routine: String, _ info: Int32, positive: Kind) -> LinearAlgebraError {
    let code = Int(info)
    // LAPACK_WORK_MEMORY_ERROR (-1010) and LAPACK_TRANSPOSE_MEMORY_ERROR (-1011) from lapacke.h.
    if code == -1010 || code == -1011 { return LinearAlgebraError(routine: routine, info: code, kind: .outOfMemory) }
    return LinearAlgebraError(routine: routine, info: code, kind: code < 0 ? .illegalArgument : positive)
  }
}

/// Throws unless a LAPACKE call returned 0; keeps every call site to one line.
@inline(__always)
func check(_ info: Int32, _ routine: String, positive: LinearAlgebraError.Kind) throws {
  if info != 0 { throw LinearAlgebraError.lapack(routine, info, positive: positive) }
}
