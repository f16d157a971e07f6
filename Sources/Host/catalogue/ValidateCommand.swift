import ArgumentParser
import CatalogueAuthoring
import CatalogueHost

/// `catalogue validate FILE`: the conformance suite for one plugin file.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check that a plugin file conforms to the catalogue ABI and runs.",
    discussion: """
      Each check that runs plugin code runs in its own child process: exports, loading, ABI negotiation, \
      descriptors, metadata, parameter defaults, default problems, a short run of every algorithm twice (the \
      same seed must give the same trace), and rejection of out-of-bounds parameters. \
      Exit codes: 0 every check passed, 1 a check failed, 2 usage error, 3 the file does not load as a plugin.
      """)

  @OptionGroup var discovery: DiscoveryOptions

  @Argument(help: "The plugin's shared library.")
  var file: String

  @Flag(help: "Print the report as JSON.")
  var json = false

  @Option(parsing: .unconditional, help: "Iterations each algorithm runs.")
  var iterations: UInt64 = 10

  @Option(parsing: .unconditional, help: ArgumentHelp("Seconds each check may take.", valueName: "seconds"))
  var timeout: Double = 30

  /// The width of the check ids in the text report, which is printed before every id is known.
  static let idWidth = 20

  func validate() throws {
    guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
    guard timeout > 0 && timeout.isFinite else { throw ValidationError("--timeout must be a positive number") }
  }

  func run() throws {
    guard let executable = ProcessEnvironment.executablePath() else {
      throw CatalogueError.runFailed("cannot find the catalogue executable to start the checks")
    }
    let validator = PluginValidator(
      executable: executable, searchPath: discovery.searchPath, scanOptions: discovery.scanOptions,
      iterations: iterations, timeout: timeout)
    // Ctrl-C, SIGTERM and SIGHUP stop the validation after the running check instead of ending the process, so
    // the report is complete either way; the text report is written (and flushed) check by check as well.
    InterruptFlag.installCounting()
    defer { InterruptFlag.uninstallCounting() }
    if !json, let real = FileSystem.realPath(file), FileSystem.kind(of: real) == .file {
      StandardOutput.write(ValidationReport.header(real))
    }
    let report = try validator.validate(file) { check in
      if !json { StandardOutput.write(ValidationReport.line(check, width: Self.idWidth)) }
    }
    StandardOutput.write(json ? report.json.prettyText : report.totals)
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }
}
