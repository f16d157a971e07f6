import Glibc

/// Reading and writing raw descriptors: whole writes that survive `EINTR`, non-blocking drains, and waiting for
/// several descriptors at once.
enum DescriptorIO {
  /// Writes every byte, retrying on `EINTR`; false if the descriptor is closed or broken.
  @discardableResult
  static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  /// Writes every byte of an array.
  @discardableResult
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(descriptor, $0) }
  }

  /// What a non-blocking read found.
  enum Drain {
    /// Bytes arrived (possibly none yet).
    case data
    /// The writer closed its end.
    case endOfFile
  }

  /// Appends whatever is available on a non-blocking descriptor to `buffer`, or at least `atMost` bytes of it (a
  /// writer as fast as the reader must not keep the reader from its other duties).
  static func drain(_ descriptor: Int32, into buffer: inout [UInt8], atMost: Int = .max) -> Drain {
    withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 8) { chunk in
      var taken = 0
      while true {
        let count = read(descriptor, chunk.baseAddress, chunk.count)
        if count > 0 {
          buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
          taken += count
          if taken >= atMost { return .data }
          continue
        }
        if count == 0 { return .endOfFile }
        if errno == EINTR { continue }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .data : .endOfFile
      }
    }
  }

  /// Waits until one of the descriptors is readable (or hung up), a signal arrives, or `timeout` seconds pass.
  static func waitReadable(_ descriptors: [Int32], timeout: Double) {
    guard !descriptors.isEmpty else {
      usleep(UInt32(max(min(timeout, 1), 0) * 1_000_000))
      return
    }
    var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    let milliseconds = Int32(max(min(timeout, 3600), 0) * 1000)
    _ = entries.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, nfds_t($0.count), milliseconds) }
  }
}
