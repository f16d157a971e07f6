/// What scanning one candidate file found, as plain data: the scanner child sends it to the host (encoded with
/// `JSONCoding`) and the registry cache stores it, so a failure is remembered with its reason until the file
/// changes.
public enum ScanOutcome: Equatable, Sendable, Codable {
  /// A plugin and everything it registers.
  case plugin(PluginInfo)
  /// A shared library without the entry symbol. Reported as a failure where the user put it, skipped silently in
  /// the executable's folder (where SwiftPM puts other libraries).
  case notPlugin(String)
  /// It could not be used (not a library, crashed or hung while loading, declined, ABI mismatch, bad
  /// descriptors); the reason is one line.
  case failed(String)
}
