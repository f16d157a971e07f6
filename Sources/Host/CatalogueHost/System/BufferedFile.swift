import Glibc

/// A file written through a buffer that is flushed at most every `flushInterval` seconds (and on close).
///
/// `trace.csv` is written as rows arrive; flushing on a timer rather than per row keeps a fast algorithm fast while
/// a crash still leaves almost the whole trace on disk. The writer's owner calls `flushIfDue()` while no rows
/// arrive, so a row waits at most about `flushInterval` seconds before it is on disk.
public final class BufferedFile {
  /// The path, for messages.
  public let path: String
  /// Seconds between flushes.
  public let flushInterval = 0.2
  private var descriptor: Int32
  /// Text waiting to be written. A file belongs to one run's writer on one thread and `append` never re-enters,
  /// so the per-row access skips the dynamic exclusivity check.
  @exclusivity(unchecked) private var pending = TextBuffer()
  private var lastFlush = ContinuousClock.now

  /// Creates (or truncates) a file.
  public init(creating path: String) throws(CatalogueError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .runFailed("cannot create \(path): \(FileSystem.lastError())") }
  }

  deinit {
    if descriptor >= 0 {
      try? flush()
      Glibc.close(descriptor)
    }
  }

  /// Bytes buffered before they are written out whatever the time.
  public static let fullSize = 1 << 16

  /// Appends text; flushes if the interval has passed.
  public func write(_ text: String) throws(CatalogueError) {
    pending.write(text)
    try flushIfDue()
  }

  /// Appends bytes; flushes if the interval has passed.
  public func write(_ bytes: [UInt8]) throws(CatalogueError) {
    bytes.withUnsafeBytes { pending.append($0) }
    try flushIfDue()
  }

  /// Appends whatever `fill` writes, without looking at the clock: the hot path of a writer that reads the time once
  /// for several files and then calls `flush()` itself when it is due (or when `isFull`).
  @inline(__always)
  public func append(_ fill: (inout TextBuffer) -> Void) {
    fill(&pending)
  }

  /// True once the buffer holds `fullSize` bytes or more.
  public var isFull: Bool { pending.count >= Self.fullSize }

  /// Writes out the buffer if it is large or the interval has passed since the last write.
  public func flushIfDue() throws(CatalogueError) {
    if isFull || ContinuousClock.now - lastFlush >= .milliseconds(Int(flushInterval * 1000)) {
      try flush()
    }
  }

  /// Writes everything buffered to the file.
  public func flush() throws(CatalogueError) {
    lastFlush = ContinuousClock.now
    var offset = 0
    let bytes = pending.bytes
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        throw .runFailed("cannot write \(path): \(FileSystem.lastError())")
      }
      offset += written
    }
    pending.removeAll()
  }

  /// Flushes and closes the file.
  public func close() throws(CatalogueError) {
    guard descriptor >= 0 else { return }
    defer {
      Glibc.close(descriptor)
      descriptor = -1
    }
    try flush()
  }
}
