import Glibc

/// Names and plain-language meanings of the signals a crashing plugin dies from.
///
/// "SIGILL" alone means little to a researcher whose Swift plugin indexed out of range; the message says what
/// usually causes each signal.
public enum SignalName {
  /// The symbolic name, e.g. "SIGSEGV", or "signal N" for one not listed.
  public static func name(_ signal: Int32) -> String {
    switch signal {
    case SIGSEGV: return "SIGSEGV"
    case SIGBUS: return "SIGBUS"
    case SIGILL: return "SIGILL"
    case SIGTRAP: return "SIGTRAP"
    case SIGABRT: return "SIGABRT"
    case SIGFPE: return "SIGFPE"
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    case SIGINT: return "SIGINT"
    case SIGHUP: return "SIGHUP"
    case SIGPIPE: return "SIGPIPE"
    case SIGUSR1: return "SIGUSR1"
    case SIGXCPU: return "SIGXCPU"
    default: return "signal \(signal)"
    }
  }

  /// The name with what it usually means: "SIGSEGV (segmentation fault: an invalid memory access)".
  public static func describe(_ signal: Int32) -> String {
    let meaning: String?
    switch signal {
    case SIGSEGV: meaning = "segmentation fault: an invalid memory access"
    case SIGBUS: meaning = "bus error: an invalid memory access"
    case SIGILL: meaning = "illegal instruction: a trap, e.g. a Swift runtime failure such as an index out of range"
    case SIGTRAP: meaning = "trap: a breakpoint or a failed check"
    case SIGABRT: meaning = "abort: the plugin called abort() or an assertion failed"
    case SIGFPE: meaning = "arithmetic exception, e.g. an integer division by zero"
    case SIGKILL: meaning = "killed"
    case SIGTERM: meaning = "terminated"
    case SIGXCPU: meaning = "CPU time limit exceeded"
    default: meaning = nil
    }
    return meaning.map { "\(name(signal)) (\($0))" } ?? name(signal)
  }
}
