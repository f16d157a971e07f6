import Glibc

/// Writes to stdout without a buffer, for reports printed as they grow (`validate`): what was written is in the
/// pipe or file even if the process is killed the next moment.
enum StandardOutput {
  /// Writes text to descriptor 1 immediately (after anything `print` still buffers: every C stream is flushed first).
  static func write(_ text: String) {
    fflush(nil)
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}
