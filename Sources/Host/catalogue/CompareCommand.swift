import ArgumentParser
import CatalogueHost
import CatalogueLab

/// `catalogue compare`: several algorithms on the same problem instances over seeds, in parallel worker
/// processes; prints the table of final metrics and writes run folders, `summary.csv`, `runs.csv` and figures.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Run several algorithms on the same problem instances over seeds and tabulate the results.",
    discussion: """
      Every algorithm runs once per seed; one seed gives every algorithm the same problem instance. Runs happen \
      in worker processes (each 'catalogue run'), at most --jobs at once, one BLAS thread each; traces do not \
      depend on --jobs.
      -p routing: -p ALGO.key=value sets a parameter of one algorithm (-p adam.learning_rate=0.01); \
      -p key=value goes to every compared algorithm that has the parameter, else to the problem; \
      -p problem.key=value goes to the problem.
      One algorithm twice: label each member, ALGO:LABEL, and route by label: \
      'compare lt-train:adam,lt-train:sgdm -p adam.optimizer=adam -p sgdm.optimizer=sgdm'.
      Without --max-iters every algorithm gets the largest of their default budgets.
      Writes DIR/<algo>-seed<N>/ (one run folder per run), DIR/summary.csv (mean, std, median, min, max over \
      seeds), DIR/runs.csv (one line per run) and DIR/<metric>-vs-iter.svg and -vs-oracle.svg with their CSV.
      Exit codes: 0 every run ended normally, 1 a run failed or was cancelled, 2 usage error, 3 plugin failed to \
      load.
      """)

  @OptionGroup var discovery: DiscoveryOptions

  @OptionGroup var backendOptions: BackendOptions

  @Argument(help: ArgumentHelp("Algorithms, comma-separated (e.g. gd,nesterov,adam).", valueName: "algorithms"))
  var algorithms: [String] = []

  @Option(help: ArgumentHelp("The problem (default: the first algorithm's default problem).", valueName: "id"))
  var problem: String?

  @Option(
    help: ArgumentHelp(
      "Seeds: N for seeds 0..N-1 (seed 0 is run's default), or A..B inclusive.", valueName: "N|a..b"))
  var seeds = "3"

  @Option(
    name: .customShort("p"),
    help: ArgumentHelp("A parameter: ALGO.key=value, key=value or problem.key=value (repeatable).", valueName: "kv"))
  var parameters: [String] = []

  @Option(parsing: .unconditional, help: "Iteration budget of every run (default: the largest default budget).")
  var maxIters: UInt64?

  @Option(
    parsing: .unconditional, help: ArgumentHelp("Stop each run after this many seconds.", valueName: "seconds"),
    transform: DecimalArgument.parse)
  var timeLimit: Double?

  @Option(
    parsing: .unconditional, help: "Stop a run once its reported grad_norm is at most this.",
    transform: DecimalArgument.parse)
  var gradTol: Double?

  @Option(
    parsing: .unconditional, help: "Stop a run once its reported f is at most this.", transform: DecimalArgument.parse)
  var target: Double?

  @Option(help: ArgumentHelp("Worker processes at once (default: the number of cores).", valueName: "N"))
  var jobs: Int?

  @Option(help: ArgumentHelp("The comparison folder (default: runs/compare-<problem>-<time>).", valueName: "dir"))
  var out: String?

  @Option(help: ArgumentHelp("The trace column to plot (default: f_gap, f or loss).", valueName: "name"))
  var metric: String?

  func validate() throws {
    if algorithms.isEmpty {
      throw ValidationError("missing algorithms: write 'catalogue compare gd,nesterov' (see 'catalogue list')")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
  }

  func run() throws {
    let registry = discovery.loadRegistry()
    let plan = try ComparisonPlan.make(
      algorithms: algorithms.flatMap { $0.split(separator: ",").map(String.init) }, problem: problem,
      parameters: parameters, seeds: try SeedList(parsing: seeds),
      stopping: StoppingOptions(maxIters: maxIters, timeLimit: timeLimit, gradTol: gradTol, target: target),
      output: out, registry: registry, time: ProcessEnvironment.now())
    let backend = try backendOptions.make(jobs: jobs)
    for note in plan.notes { StandardError.write("note: \(note)\n") }
    let showProgress = ProcessEnvironment.isTerminal(2)
    let outcome = try plan.execute(
      backend: backend, discovery: discovery.workerArguments, metric: metric,
      taskProgress: BackendOptions.taskProgress
    ) { done, total, entry in
      guard showProgress else { return }
      let ending = entry.finished.map { "\($0.termination) in \(NumberFormat.duration($0.wallTime))" } ?? "failed"
      StandardError.write("[\(done)/\(total)] \(entry.run.label) seed \(entry.run.seed): \(ending)\n")
    }
    print(plan.header)
    print("final metrics: mean ± standard deviation over seeds")
    print(outcome.summary.table)
    let folder = FileSystem.directory(of: outcome.result.entries.first?.run.folder ?? plan.folder)
    print(
      TextTable(rows: [
        ["run folders", "\(folder)/<algorithm>-seed<N>"],
        ["files", outcome.files.map(FileSystem.fileName(of:)).joined(separator: ", ")],
      ]
      ).text, terminator: "")
    for note in outcome.notes { StandardError.write("note: \(note)\n") }
    for warning in outcome.result.warningLines { ErrorReport.warn(warning) }
    for entry in outcome.result.entries where !entry.succeeded {
      ErrorReport.print(.runFailed("\(entry.run.label) seed \(entry.run.seed): \(entry.failure)"))
    }
    if outcome.result.interrupted { ErrorReport.print(.runFailed("interrupted: not every run was started")) }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

extension DiscoveryOptions {
  /// The discovery options a worker of `compare` or `reproduce` is given, so it finds the plugins this process
  /// found (it shares the registry cache, so it scans nothing again).
  var workerArguments: [String] {
    pluginPaths.flatMap { ["--plugin-path", $0] } + (allowInsecurePlugins ? ["--allow-insecure-plugins"] : [])
  }
}
