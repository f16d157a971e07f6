import ArgumentParser
import CatalogueHost
import Glibc

/// `catalogue run`: validate, run one algorithm on one problem (in a worker process unless `--in-process`), write
/// the run folder and print a summary.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run an algorithm on a problem (its default problem unless --problem or --objective is given).",
    discussion: """
      -p key=value sets an algorithm parameter, or a problem parameter if the algorithm has none of that name; \
      write -p algorithm.key=value (or -p ALGORITHM.key=value, as compare takes it) or -p problem.key=value when \
      both have it (see 'catalogue info ALGORITHM'). \
      The run happens in a worker process: a plugin that crashes or hangs ends the run with a message naming \
      the signal, and the trace written so far is kept. --objective LIB:SYMBOL --signature SIG runs the \
      algorithm on a C or Fortran function instead of a problem (signatures: docs/authoring.md). \
      Exit codes: 0 ok (including diverged runs), 1 failed or cancelled, 2 usage error, 3 plugin failed to load.
      """)

  @OptionGroup var discovery: DiscoveryOptions

  @Argument(help: "The algorithm: [plugin-id/]algorithm-id[@plugin-version].")
  var algorithm: String?

  @Option(help: ArgumentHelp("The problem: [plugin-id/]problem-id.", valueName: "id"))
  var problem: String?

  @Option(name: .customShort("p"), help: ArgumentHelp("A parameter value (repeatable).", valueName: "key=value"))
  var parameters: [String] = []

  @Option(
    parsing: .unconditional,
    help: "The run's seed (problem instance and algorithm random streams; default 0, compare's first seed).")
  var seed: UInt64?

  @Option(parsing: .unconditional, help: "Iteration budget (default: the algorithm's).")
  var maxIters: UInt64?

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds"),
    transform: DecimalArgument.parse)
  var timeLimit: Double?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Stop a plugin that reports nothing for this many seconds (default \(NumberFormat.compact(WorkerRunDriver.defaultWatchdog)); 0 turns it off).",
      valueName: "seconds"), transform: DecimalArgument.parse)
  var watchdog: Double?

  @Option(
    parsing: .unconditional, help: "Stop once the reported grad_norm is at most this.", transform: DecimalArgument.parse
  )
  var gradTol: Double?

  @Option(parsing: .unconditional, help: "Stop once the reported f is at most this.", transform: DecimalArgument.parse)
  var target: Double?

  @Option(help: ArgumentHelp("The run folder (default: runs/<algo>-<problem>-seed<seed>-<time>).", valueName: "dir"))
  var out: String?

  @Flag(help: "Print result.json to stdout instead of the summary table.")
  var json = false

  @Option(help: ArgumentHelp("Repeat the run recorded in a result.json.", valueName: "result.json"))
  var config: String?

  @Flag(help: "Run the plugin in this process instead of a worker (for debugging and measuring overhead).")
  var inProcess = false

  @Option(
    help: ArgumentHelp("Minimise a C or Fortran function instead of a problem.", valueName: "library.so:symbol"))
  var objective: String?

  @Option(help: ArgumentHelp("The objective's C signature, e.g. 'double(const double*, int64)'.", valueName: "sig"))
  var signature: String?

  @Option(help: ArgumentHelp("The objective's gradient function (default: central differences).", valueName: "symbol"))
  var gradient: String?

  @Option(help: ArgumentHelp("The gradient's signature (default: implied by --signature).", valueName: "sig"))
  var gradientSignature: String?

  @Option(parsing: .unconditional, help: "The objective's number of variables.")
  var dim: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The objective's start point: n comma-separated values, or one for all.", valueName: "values"))
  var x0: String?

  func validate() throws {
    if algorithm == nil && config == nil {
      throw ValidationError("missing algorithm: write 'catalogue run ALGORITHM' (see 'catalogue list')")
    }
    if algorithm != nil && config != nil {
      throw ValidationError("give either an algorithm or --config, not both")
    }
    if let watchdog, !(watchdog >= 0 && watchdog.isFinite) {
      throw ValidationError(
        "--watchdog must be a number of seconds >= 0 (0 turns the watchdog off), got \(NumberFormat.shortest(watchdog))"
      )
    }
    if objective == nil {
      let stray = [
        ("--signature", signature != nil), ("--gradient", gradient != nil),
        ("--gradient-signature", gradientSignature != nil), ("--dim", dim != nil), ("--x0", x0 != nil),
      ].first { $0.1 }
      if let (name, _) = stray { throw ValidationError("\(name) only applies with --objective LIBRARY:SYMBOL") }
    }
  }

  func run() throws {
    let registry = discovery.loadRegistry()
    let foreign = try objective.map { (text: String) throws(CatalogueError) in
      try ForeignObjectiveSpecification(
        objective: text, signature: signature, gradient: gradient, gradientSignature: gradientSignature,
        dimension: dim, start: x0, currentDirectory: FileSystem.currentDirectory(),
        allowInsecure: discovery.allowInsecurePlugins)
    }
    let request = RunRequest(
      algorithm: algorithm, problem: problem, parameters: parameters, seed: seed, maxIters: maxIters,
      timeLimit: timeLimit, gradTol: gradTol, target: target, config: try config.map(RunConfig.load(path:)),
      objective: foreign, allowInsecure: discovery.allowInsecurePlugins)
    let driver: any RunDriver
    if !inProcess, let executable = ProcessEnvironment.executablePath() {
      driver = WorkerRunDriver(executable: executable, watchdog: watchdog ?? WorkerRunDriver.defaultWatchdog)
    } else {
      // The run shares this process: a plugin that does not stop is abandoned after its record is written, and
      // the process ends with the run's one error line.
      let supervisor = InProcessSupervisor(watchdog: watchdog ?? WorkerRunDriver.defaultWatchdog) { end in
        StandardError.write("error: run \(end.termination.rawValue): \(end.message)\n")
        _exit(1)
      }
      driver = InProcessRunDriver(supervisor: supervisor)
    }
    let showProgress = ProcessEnvironment.isTerminal(2)
    let outcome = try RunSession(registry: registry, driver: driver).run(
      request, output: out, invocation: .current(commandLine: CommandLine.arguments), warn: WarningEcho.echo
    ) { plan in
      // The bar goes first so it erases itself before a warning is echoed.
      (showProgress ? [ProgressBar(maxIters: plan.stopping.maxIters)] : [])
        + [WarningEcho(algorithm: plan.algorithm.info.id)]
    }
    if json, let result = outcome.result {
      print(result.json.prettyText, terminator: "")
    } else {
      print(RunSummary.text(plan: outcome.plan, record: outcome.record, folder: outcome.folder), terminator: "")
    }
    if let end = outcome.record.end, end.termination.isFailure {
      ErrorReport.print(.runFailed("run \(end.termination.rawValue): \(end.message)"))
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
