/// How a child process ended, decoded from `waitpid`'s status.
///
/// The scanner, the run worker and `validate` all turn this into the one line a user reads, so a crash is named by
/// its signal ("SIGSEGV (segmentation fault)") rather than by a raw status number.
public enum ChildExit: Equatable, Sendable, CustomStringConvertible {
  /// It called `exit` with this code.
  case exited(Int32)
  /// A signal ended it.
  case signaled(Int32)

  /// Decodes a `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros are not visible from Swift).
  init(waitStatus status: Int32) {
    let low = status & 0x7F
    if low == 0 {
      self = .exited((status >> 8) & 0xFF)
    } else {
      self = .signaled(low)
    }
  }

  /// True for a clean `exit(0)`.
  public var isSuccess: Bool { self == .exited(0) }

  public var description: String {
    switch self {
    case .exited(let code): return "exited with status \(code)"
    case .signaled(let signal): return "was killed by \(SignalName.describe(signal))"
    }
  }
}
