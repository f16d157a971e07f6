import CCatalogue

/// Why a run ended (`cat_termination`), named in the summary, in `result.json` and by the exit code.
public enum Termination: String, Equatable, Hashable, Sendable, CaseIterable {
  /// The iteration budget was used up.
  case maxIters = "max_iters"
  /// `--time-limit` was reached.
  case timeLimit = "time_limit"
  /// The user interrupted the run.
  case cancelled
  /// The reported `grad_norm` fell below `--grad-tol`.
  case gradTol = "grad_tol"
  /// The method's own criterion was met.
  case converged
  /// A fixed schedule finished.
  case completed
  /// A reported value was not finite.
  case diverged
  /// The plugin returned an error.
  case failed
  /// The reported `f` reached `--target`.
  case target

  /// The `CAT_TERM_*` value.
  public var cValue: cat_termination {
    switch self {
    case .maxIters: return cat_termination(CAT_TERM_MAX_ITERS)
    case .timeLimit: return cat_termination(CAT_TERM_TIME_LIMIT)
    case .cancelled: return cat_termination(CAT_TERM_CANCELLED)
    case .gradTol: return cat_termination(CAT_TERM_GRAD_TOL)
    case .converged: return cat_termination(CAT_TERM_CONVERGED)
    case .completed: return cat_termination(CAT_TERM_COMPLETED)
    case .diverged: return cat_termination(CAT_TERM_DIVERGED)
    case .failed: return cat_termination(CAT_TERM_FAILED)
    case .target: return cat_termination(CAT_TERM_TARGET)
    }
  }

  /// Maps a `CAT_TERM_*` value; nil for an unknown one.
  public init?(cValue: cat_termination) {
    guard let match = Self.allCases.first(where: { $0.cValue == cValue }) else { return nil }
    self = match
  }

  /// True for endings that mean the run did not do its job: the command exits with code 1.
  public var isFailure: Bool { self == .failed || self == .cancelled }
}
