/// How plugins are scanned: in child processes or in this one, with which cache, timeout and security policy.
public struct ScanOptions: Sendable {
  /// The `catalogue` executable to run as the scanner child, or nil to load candidates in this process (library
  /// users and tests that do not build the executable).
  public var workerExecutable: String?
  /// The registry cache file, or nil for none.
  public var cachePath: String?
  /// Ignore the cache and scan every file again (`--rescan`); the cache is rewritten.
  public var rescan: Bool
  /// Load files that others can write to (`--allow-insecure-plugins`).
  public var allowInsecure: Bool
  /// Seconds one file may take to load before its scanner child is killed and the file marked as hanging.
  public var timeout: Double
  /// Plugins answered from the cache come without the parameters of their algorithms and problems and without
  /// their experiments' runs and claims (empty arrays; ids, names, summaries, kinds and citations are all there):
  /// what `list`'s tables show, decoded in about half the time. Never for a registry that runs or describes entries.
  public var summariesOnly = false

  /// The default per-file timeout: generous for a Swift plugin building its descriptors on a loaded machine,
  /// short enough that a hanging plugin does not look like a hanging host.
  public static let defaultTimeout = 10.0

  /// Creates options.
  public init(
    workerExecutable: String?, cachePath: String?, rescan: Bool = false, allowInsecure: Bool = false,
    timeout: Double = ScanOptions.defaultTimeout
  ) {
    self.workerExecutable = workerExecutable
    self.cachePath = cachePath
    self.rescan = rescan
    self.allowInsecure = allowInsecure
    self.timeout = timeout
  }

  /// The options of this process: the scanner is this executable, the cache is the user's, and
  /// `CATALOGUE_SCAN_TIMEOUT` (seconds) overrides the timeout.
  public static func current(rescan: Bool, allowInsecure: Bool) -> ScanOptions {
    let environment = ProcessEnvironment.variables(named: ["CATALOGUE_SCAN_TIMEOUT", "XDG_CACHE_HOME", "HOME"])
    var timeout = defaultTimeout
    if let text = environment["CATALOGUE_SCAN_TIMEOUT"], let value = Double(text), value > 0, value.isFinite {
      timeout = value
    }
    return ScanOptions(
      workerExecutable: ProcessEnvironment.executablePath(),
      cachePath: RegistryCache.defaultPath(environment: environment), rescan: rescan, allowInsecure: allowInsecure,
      timeout: timeout)
  }
}
