import Glibc

/// Scans candidate files without running any plugin code in the host (ARCHITECTURE §5).
///
/// Per file: resolve it, apply the security rules, answer from the cache if the file is unchanged, read its ELF
/// symbols (no code runs), and only then load it in a child process (`catalogue __worker scan FILE`) that sends the
/// metadata back on a dedicated descriptor (3) while its stdout and stderr go to /dev/null, so nothing a plugin
/// prints can corrupt the reply. A child that crashes or outlives the timeout is killed and the file is recorded
/// as failed with the signal or the timeout as its reason; the reason is cached until the file changes, and the
/// other files are scanned as usual.
public enum PluginScanner {
  /// The outcome for one candidate, and whether the cache answered it (then it was decoded once, here, and the
  /// file was not read); fresh results go into `cache`. `security` remembers the verdicts on folders, which the
  /// candidates of one folder share.
  static func scan(
    _ candidate: PluginCandidate, options: ScanOptions, cache: inout RegistryCache, security: inout SecurityVerdicts
  ) -> (outcome: ScanOutcome, remembered: Bool) {
    guard let real = candidate.realPath else {
      return (.failed("cannot resolve the path (a dangling symbolic link?)"), false)
    }
    if !options.allowInsecure, let problem = security.problem(realPath: real, searchedFolder: candidate.folder) {
      return (.failed(PluginFileSecurity.refusal(problem)), false)
    }
    guard let identity = FileIdentity.of(real) else {
      return (.failed("cannot read file: \(FileSystem.lastError())"), false)
    }
    if !options.rescan, let remembered = cache.outcome(for: identity, summaryOnly: options.summariesOnly) {
      return (remembered, true)
    }
    let outcome: ScanOutcome
    if let failure = PluginLoader.inspect(real) {
      switch failure {
      case .notPlugin(let reason): outcome = .notPlugin(reason)
      case .failed(let reason): outcome = .failed(reason)
      }
    } else if let executable = options.workerExecutable {
      outcome = scanInChild(real, executable: executable, timeout: options.timeout)
    } else {
      outcome = PluginLoader.scan(real)
    }
    cache.store(outcome, for: identity)
    return (outcome, false)
  }

  /// Loads one file in a scanner child and decodes its reply.
  package static func scanInChild(_ realPath: String, executable: String, timeout: Double) -> ScanOutcome {
    let reply: [UInt8]
    let exit: ChildExit?
    do {
      (reply, exit, _) = try WorkerChannel.exchange(
        executable: executable, arguments: ["__worker", "scan", realPath], timeout: timeout)
    } catch {
      return .failed("cannot start the scanner: \(error.message)")
    }
    guard let exit else {
      if InterruptFlag.stopRequested { return .failed("not read: catalogue was stopped while the plugin loaded") }
      return .failed(
        "did not finish loading within \(NumberFormat.compact(timeout)) s (it hangs in its entry point or a library "
          + "constructor) and was killed; set CATALOGUE_SCAN_TIMEOUT to allow more time")
    }
    if case .signaled(let signal) = exit {
      return .failed("crashed while loading: \(SignalName.describe(signal))")
    }
    guard let outcome = try? JSONCoding.decode(ScanOutcome.self, from: reply) else {
      return .failed("the scanner \(exit) without a reply (the plugin may have called exit() while loading)")
    }
    return outcome
  }
}
