import ArgumentParser
import CatalogueHost
import CatalogueLab

/// `catalogue reproduce`: run an experiment a plugin declares, check its claims, and write a report (Markdown and
/// a standalone HTML page with the figures inline). Exit code 0 only if every claim holds.
struct ReproduceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reproduce",
    abstract: "Run a paper's experiment, check its claims and write a report.",
    discussion: """
      Runs every run group of the experiment (each seed a worker process, at most --jobs at once), checks each \
      claim (a value in a range, a ratio between two methods, a log-log slope, a reduction factor), and writes \
      DIR/report.md, DIR/report.html (figures inline), DIR/claims.csv, the figures with their CSV, and one run \
      folder per run. --quick runs the reduced seeds and budgets the experiment declares for CI.
      Exit codes: 0 every claim holds, 1 a claim does not hold or a run failed, 2 usage error, 3 plugin failed \
      to load.
      """)

  @OptionGroup var discovery: DiscoveryOptions

  @OptionGroup var backendOptions: BackendOptions

  @Argument(help: ArgumentHelp("The experiment: [plugin-id/]experiment-id[@version].", valueName: "experiment"))
  var experiment: String?

  @Flag(help: "List the declared experiments.")
  var list = false

  @Flag(help: "Run the reduced version (fewer seeds, smaller budgets) the experiment declares.")
  var quick = false

  @Option(help: ArgumentHelp("Worker processes at once (default: the number of cores).", valueName: "N"))
  var jobs: Int?

  @Option(help: ArgumentHelp("The report folder (default: runs/reproduce-<experiment>-<time>).", valueName: "dir"))
  var out: String?

  func validate() throws {
    if !list && experiment == nil {
      throw ValidationError("missing experiment: write 'catalogue reproduce ID' (see 'catalogue reproduce --list')")
    }
    if list && experiment != nil { throw ValidationError("give either an experiment or --list, not both") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
  }

  func run() throws {
    let registry = discovery.loadRegistry()
    if list {
      print(ExperimentCatalog.listing(registry), terminator: "")
      return
    }
    let entry = try ExperimentCatalog.find(experiment!, registry: registry)
    let plan = try ReproductionPlan.make(
      entry, quick: quick, output: out, registry: registry, time: ProcessEnvironment.now())
    let backend = try backendOptions.make(jobs: jobs)
    let showProgress = ProcessEnvironment.isTerminal(2)
    let outcome = try plan.execute(
      backend: backend, discovery: discovery.workerArguments,
      invocation: .current(commandLine: CommandLine.arguments), taskProgress: BackendOptions.taskProgress
    ) { done, total, entry in
      guard showProgress else { return }
      let ending = entry.finished.map { "\($0.termination) in \(NumberFormat.duration($0.wallTime))" } ?? "failed"
      StandardError.write("[\(done)/\(total)] \(entry.run.label) seed \(entry.run.seed): \(ending)\n")
    }
    let info = entry.info
    print("\(info.id): \(info.title)" + (quick ? " (quick)" : ""))
    let rows = outcome.claims.map { claim in
      [claim.claim.id, claim.skipped ? "skip" : claim.holds ? "pass" : "FAIL", claim.measuredText, claim.margin]
    }
    print(TextTable(header: ["CLAIM", "RESULT", "MEASURED", "MARGIN"], rows: rows).text, terminator: "")
    let held = outcome.checked.filter(\.holds).count
    let skipped = outcome.claims.count - outcome.checked.count
    print(
      "\(held) of \(outcome.checked.count) claims hold"
        + (skipped > 0 ? " (\(skipped) full-only claim\(skipped == 1 ? "" : "s") skipped by --quick)" : ""))
    print(
      TextTable(rows: [
        ["report", FileSystem.join(outcome.folder, "report.md")],
        ["", FileSystem.join(outcome.folder, "report.html")],
        ["runs", "\(outcome.folder)/<group>-seed<N>"],
      ]
      ).text, terminator: "")
    for warning in outcome.result.warningLines { ErrorReport.warn(warning) }
    for entry in outcome.result.entries where !entry.succeeded {
      ErrorReport.print(.runFailed("\(entry.run.label) seed \(entry.run.seed): \(entry.failure)"))
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
