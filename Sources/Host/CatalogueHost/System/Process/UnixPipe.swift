import Glibc

/// A pipe whose two ends are closed on `exec`, so a descriptor meant for one child never leaks into another.
///
/// The child gets its end through `ChildProcess`'s descriptor map (a `dup2`, which clears close-on-exec on the
/// copy); the parent closes that end right after spawning, so end-of-file arrives when the child exits.
struct UnixPipe {
  /// The end the reader holds.
  var readEnd: Int32
  /// The end the writer holds.
  var writeEnd: Int32

  /// Creates a pipe; descriptors are numbered 10 and up so that mapping one onto 0, 1, 2 or 3 is always a copy.
  /// (The host starts children from one thread, so setting close-on-exec right after `pipe` leaves no window.)
  init() throws(CatalogueError) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else {
      throw .runFailed("cannot create a pipe: \(FileSystem.lastError())")
    }
    readEnd = Self.moveHigh(ends[0])
    writeEnd = Self.moveHigh(ends[1])
  }

  /// Re-numbers a descriptor to 10 or above with close-on-exec set, so `dup2` onto a low number never aliases it.
  static func moveHigh(_ descriptor: Int32) -> Int32 {
    let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
    guard moved >= 0 else {
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
      return descriptor
    }
    close(descriptor)
    return moved
  }

  /// Makes reads from the read end return at once when nothing is waiting (the parent polls several children).
  func setNonBlockingRead() {
    let flags = fcntl(readEnd, F_GETFL)
    _ = fcntl(readEnd, F_SETFL, flags | O_NONBLOCK)
  }
}
