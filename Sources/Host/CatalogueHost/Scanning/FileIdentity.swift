#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the registry cache keys a scanned file by: its real path, size, modification time and inode.
///
/// Any rebuild, copy or edit changes at least one of these, so a cached result (metadata, or the reason the file
/// failed) is reused only for the very file that produced it; `--rescan` ignores the cache altogether.
struct FileIdentity: Equatable, Hashable, Sendable {
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

  /// The identity as cache-entry fields.
  var json: [String: JSONValue] {
    [
      "file": .string(realPath), "size": .integer(size), "mtime_s": .integer(modifiedSeconds),
      "mtime_ns": .integer(modifiedNanoseconds), "inode": .unsigned(inode),
    ]
  }

  /// Reads the fields written by `json`.
  init(fields: JSONFields) throws(JSONFields.Mismatch) {
    realPath = try fields.string("file")
    size = try fields.int64("size")
    modifiedSeconds = try fields.int64("mtime_s")
    modifiedNanoseconds = try fields.int64("mtime_ns")
    inode = try fields.uint64("inode")
  }

  init(realPath: String, size: Int64, modifiedSeconds: Int64, modifiedNanoseconds: Int64, inode: UInt64) {
    self.realPath = realPath
    self.size = size
    self.modifiedSeconds = modifiedSeconds
    self.modifiedNanoseconds = modifiedNanoseconds
    self.inode = inode
  }
}
