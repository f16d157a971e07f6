/// Severity of a run's log line (`cat_log_level`).
public enum LogLevel: String, Equatable, Sendable {
  /// Details for debugging a plugin.
  case debug
  /// Normal progress information.
  case info
  /// Something the user should see: also printed on stderr.
  case warning
}
