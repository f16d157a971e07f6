import Glibc

/// Where `ELFFile` reads from: a file's size and a way to read a range of it, so only the structures the parser
/// needs are read (a file) or copied (an in-memory image).
struct ELFSource {
  /// Bytes in the file.
  let size: UInt64
  /// Reads `count` bytes at `offset`; only called for ranges `contains` accepted.
  let read: (UInt64, Int) throws(ELFError) -> [UInt8]

  /// True if `length` bytes at `offset` lie inside the file.
  func contains(_ offset: UInt64, _ length: UInt64) -> Bool {
    let (end, overflow) = offset.addingReportingOverflow(length)
    return !overflow && end <= size
  }

  /// A reader over `length` bytes at `offset`, which must lie inside the file.
  func window(_ offset: UInt64, _ length: UInt64) throws(ELFError) -> ByteReader {
    precondition(contains(offset, length))
    return ByteReader(bytes: try read(offset, Int(length)))
  }

  /// An open regular file read with `pread`.
  final class File {
    private let descriptor: Int32
    /// The file's size.
    let size: UInt64

    /// Opens a regular file, with the system's reason on failure.
    init(_ path: String) throws(ELFError) {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; devices and FIFOs are refused below, before any read
      // (a FIFO would block `list` and `validate`, /dev/zero would never end).
      let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
      guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
      var info = stat()
      guard fstat(fd, &info) == 0 else {
        let reason = String(cString: strerror(errno))
        Glibc.close(fd)
        throw .unreadable(reason)
      }
      let type = info.st_mode & S_IFMT
      guard type == S_IFREG else {
        Glibc.close(fd)
        if type == S_IFDIR { throw .isDirectory }
        throw .unreadable("not a regular file (a device or FIFO)")
      }
      descriptor = fd
      size = UInt64(max(info.st_size, 0))
    }

    /// Closes the file.
    func close() { Glibc.close(descriptor) }

    /// Reads `count` bytes at `offset`; a file that shrank meanwhile reads as truncated.
    func read(_ offset: UInt64, _ count: Int) throws(ELFError) -> [UInt8] {
      var bytes = [UInt8](repeating: 0, count: count)
      var done = 0
      while done < count {
        let got = bytes.withUnsafeMutableBytes {
          pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done))
        }
        if got < 0 {
          if errno == EINTR { continue }
          throw errno == EISDIR ? .isDirectory : .unreadable(String(cString: strerror(errno)))
        }
        if got == 0 { throw .truncated("file (it changed while being read)") }
        done += got
      }
      return bytes
    }
  }
}
