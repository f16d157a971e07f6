import Glibc

/// Facts about the running process and machine that runs and `result.json` record.
public enum ProcessEnvironment {
  /// The environment variables.
  public static func variables() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }

  /// The environment variables among `names`, as `variables()` gives them (the last definition wins). Start-up
  /// paths ask for two or three of the process's variables, so the others are not copied into strings.
  public static func variables(named names: [String]) -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      for name in names {
        let length = name.utf8.count
        if strncmp(entry, name, length) == 0 && entry[length] == 0x3D {  // "NAME=" (never past the entry's end)
          result[name] = String(cString: entry + length + 1)
        }
      }
      pointer += 1
    }
    return result
  }

  /// The running executable's real path (the host starts copies of itself as scanner and run worker), or nil.
  public static func executablePath() -> String? {
    FileSystem.realPath("/proc/self/exe")
  }

  /// The folder of the running executable (where SwiftPM puts in-tree plugins), or nil if unknown.
  public static func executableDirectory() -> String? {
    executablePath().map(FileSystem.directory(of:))
  }

  /// The machine's host name.
  public static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// True if the stream is a terminal (progress bars are drawn only then).
  public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) != 0 }

  /// Seconds since the epoch.
  public static func now() -> Int { time(nil) }

  /// A UTC time in the given `strftime` format.
  public static func utc(_ seconds: Int, format: String) -> String {
    var value = time_t(seconds)
    var parts = tm()
    gmtime_r(&value, &parts)
    var buffer = [CChar](repeating: 0, count: 64)
    let count = strftime(&buffer, buffer.count, format, &parts)
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// OpenBLAS's thread count if a plugin loaded OpenBLAS into this process, else nil.
  public static func openBLASThreads() -> Int? {
    for name in ["libopenblas.so.0", "libopenblas.so", "libopenblasp-r0.so", "libblas.so.3"] {
      guard let handle = dlopen(name, RTLD_NOW | RTLD_NOLOAD) else { continue }
      guard let symbol = dlsym(handle, "openblas_get_num_threads") else { continue }
      typealias Getter = @convention(c) () -> Int32
      return Int(unsafeBitCast(symbol, to: Getter.self)())
    }
    return nil
  }
}
