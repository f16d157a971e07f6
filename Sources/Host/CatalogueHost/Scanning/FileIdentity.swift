import Glibc

/// What the registry cache keys a scanned file by: its real path, size, modification time and inode.
///
/// Any rebuild, copy or edit changes at least one of these, so a cached result (metadata, or the reason the file
/// failed) is reused only for the very file that produced it; `--rescan` ignores the cache altogether.
struct FileIdentity: Equatable, Hashable, Sendable, Codable {
  /// The canonical absolute path.
  var realPath: String
  /// Size in bytes.
  var size: Int64
  /// Modification time, whole seconds since the epoch.
  var modifiedSeconds: Int64
  /// Modification time, nanoseconds within the second.
  var modifiedNanoseconds: Int64
  /// Inode number (a file replaced by another with the same size and time still differs).
  var inode: UInt64

  /// The identity of the file now, or nil if it cannot be examined.
  static func of(_ realPath: String) -> FileIdentity? {
    var info = stat()
    guard stat(realPath, &info) == 0 else { return nil }
    return FileIdentity(
      realPath: realPath, size: Int64(info.st_size), modifiedSeconds: Int64(info.st_mtim.tv_sec),
      modifiedNanoseconds: Int64(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino))
  }
}
