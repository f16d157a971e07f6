import Glibc

/// The few file-system operations the host needs, as thin POSIX wrappers with one-line errors.
///
/// The host avoids Foundation so that its behaviour (and its output bytes) is the same wherever it runs, and so
/// that errors carry the system's own reason.
public enum FileSystem {
  /// Joins two path components with exactly one slash.
  public static func join(_ base: String, _ component: String) -> String {
    if base.isEmpty { return component }
    return base.hasSuffix("/") ? base + component : base + "/" + component
  }

  /// The path made absolute against the current directory (a sweep's folder is shared with Slurm tasks that
  /// start elsewhere).
  public static func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : join(currentDirectory(), path)
  }

  /// The folder part of a path ("." if there is none).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The last component of a path.
  public static func fileName(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  /// The working directory.
  public static func currentDirectory() -> String {
    guard let pointer = getcwd(nil, 0) else { return "." }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// The canonical absolute path with symlinks resolved, or nil if it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// The kind of file at a path, following symlinks.
  public enum Kind: Equatable, Sendable {
    /// Nothing there (or a dangling symlink).
    case missing
    /// A folder.
    case directory
    /// Anything else (regular file, device, socket...).
    case file
  }

  /// What is at a path.
  public static func kind(of path: String) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
  }

  /// The names in a folder (without "." and ".."), sorted so discovery order is deterministic.
  public static func contents(of directory: String) throws(CatalogueError) -> [String] {
    guard let handle = opendir(directory) else {
      throw .runFailed("cannot read folder \(directory): \(lastError())")
    }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The names in a folder (without "." and ".."), sorted, each with whether the folder entry itself is a regular
  /// file (from `readdir`'s type, so no `stat`: false for symbolic links, other kinds, and file systems that do not
  /// report types).
  public static func entries(of directory: String) throws(CatalogueError) -> [(name: String, isRegularFile: Bool)] {
    guard let handle = opendir(directory) else {
      throw .runFailed("cannot read folder \(directory): \(lastError())")
    }
    defer { closedir(handle) }
    var entries: [(name: String, isRegularFile: Bool)] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != "." && name != ".." { entries.append((name, entry.pointee.d_type == UInt8(DT_REG))) }
    }
    return entries.sorted { $0.name < $1.name }
  }

  /// Creates one folder; false if it already exists, an error for anything else.
  public static func makeDirectory(_ path: String) throws(CatalogueError) -> Bool {
    if mkdir(path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw .runFailed("cannot create folder \(path): \(lastError())")
  }

  /// Creates a folder and any missing parents.
  public static func makeDirectories(_ path: String) throws(CatalogueError) {
    if kind(of: path) == .directory { return }
    let parent = directory(of: path)
    if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
    _ = try makeDirectory(path)
  }

  /// Reads a whole file.
  public static func readBytes(_ path: String) throws(CatalogueError) -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw .usage("cannot read \(path): \(lastError())") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count == 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
    }
    if ferror(file) != 0 { throw .usage("cannot read \(path): \(lastError())") }
    return bytes
  }

  /// Reads a file given by a user (`run --config`) that must be a regular file of at most `limit` bytes: devices
  /// (`/dev/zero`, `/dev/urandom`), FIFOs and folders are refused before anything is read, so no input can make the
  /// host read forever or block (Tests/IntegrationTests/RunCommandTests.swift). `role` names the file in errors.
  public static func readRegularFile(_ path: String, limit: Int, role: String) throws(CatalogueError) -> [UInt8] {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the checks below refuse it anyway.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot read \(role) \(path): \(lastError())") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .usage("cannot read \(role) \(path): \(lastError())") }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw .usage("\(role) \(path) is not a regular file (a device, FIFO or folder); give the path of a file")
    }
    guard Int(status.st_size) <= limit else {
      throw .usage("\(role) \(path) is too large (\(status.st_size) bytes; at most \(limit))")
    }
    // One byte more than the size, to notice a file that grew; read straight into the array (no zeroing, no copy).
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size) + 1) { buffer, filled in
      filled = 0
      while filled < buffer.count {
        let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
        if count < 0 && errno == EINTR { continue }
        if count < 0 {
          failure = errno
          return
        }
        if count == 0 { return }
        filled += count
      }
    }
    if failure != 0 {
      errno = failure
      throw .usage("cannot read \(role) \(path): \(lastError())")
    }
    guard bytes.count <= Int(status.st_size) else { throw .usage("\(role) \(path) changed while it was read") }
    return bytes
  }

  /// Reads a whole text file.
  public static func readText(_ path: String) throws(CatalogueError) -> String {
    String(decoding: try readBytes(path), as: UTF8.self)
  }

  /// Writes bytes to a temporary name in the same folder and renames it into place, so a reader never sees a
  /// half-written file. Errors name `path`, the file the user knows of, never the temporary name.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CatalogueError) {
    let temporary = join(directory(of: path), ".\(fileName(of: path)).tmp-\(getpid())")
    do throws(CatalogueError) {
      let file = try BufferedFile(creating: temporary)
      do {
        try file.write(bytes)
        try file.close()
      } catch {
        unlink(temporary)
        throw error
      }
    } catch {
      throw CatalogueError(error.kind, error.message.replacing(temporary, with: path))
    }
    guard rename(temporary, path) == 0 else {
      let reason = lastError()
      unlink(temporary)
      throw .runFailed("cannot write \(path): \(reason)")
    }
  }

  /// Removes a folder and everything in it (used to clean up after failed tests and aborted runs).
  public static func removeTree(_ path: String) {
    if kind(of: path) == .directory, let names = try? contents(of: path) {
      for name in names { removeTree(join(path, name)) }
      rmdir(path)
    } else {
      unlink(path)
    }
  }

  /// The system's text for the current `errno`.
  public static func lastError() -> String { String(cString: strerror(errno)) }
}
