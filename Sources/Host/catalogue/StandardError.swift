import Glibc

/// The command line's only way to stderr: warnings, notes, errors and the progress bar. Unbuffered, so a line
/// appears at once and in order with what the run workers write.
enum StandardError {
  /// Writes text to descriptor 2 immediately.
  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
      if written <= 0 { return }
      offset += written
    }
  }
}
