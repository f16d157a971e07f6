import CCatalogue

/// An error a plugin reports to the host: a `cat_status` code and a one-line message.
///
/// Everything a plugin does that can fail throws this (or any error, which the SDK maps to `.internal`); the SDK
/// turns it into the status code plus `host->set_error` message the ABI requires, so nothing ever crashes the host
/// or prints.
public struct PluginError: Error, Sendable, CustomStringConvertible {
  /// The ABI status category.
  public enum Code: Int32, Sendable {
    /// A parameter or input is outside its domain.
    case invalidArgument = 1
    /// The call is not supported for this input (an optional oracle is missing).
    case unsupported = 2
    /// A numerical failure: factorisation failed, a non-finite value, no convergence.
    case numerical = 3
    /// The run was asked to stop.
    case cancelled = 4
    /// An allocation failed.
    case outOfMemory = 5
    /// Version negotiation failed.
    case abi = 6
    /// An invariant did not hold: a bug.
    case `internal` = 7
  }

  /// The status category.
  public var code: Code
  /// One line naming the input and, where possible, the fix.
  public var message: String

  /// Creates an error with a category and a one-line message.
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }

  /// The `cat_status` value of this error.
  public var status: cat_status { code.rawValue }
}
