import ArgumentParser
import CatalogueHost
import CatalogueLab
import Glibc

/// `catalogue sweep`: algorithms × problems × parameter grids × seeds from a spec file, on local worker
/// processes or as a Slurm job array; resumable by run id; `--collect` summarises like `compare`.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a parameter sweep from a spec file, locally or on Slurm, and collect its results.",
    discussion: """
      SPEC is a TOML file (docs/scale.md; example: docs/examples/sweep.toml) naming algorithms, problems, \
      parameter grids (lists, { range = [a, b], step = s }, { log = [a, b], count = n }), seeds and budgets. \
      Every run gets a stable id from its resolved configuration and the folder DIR/runs/<id>; running the same \
      spec again skips complete runs and redoes only missing or failed ones (their old folders go to \
      DIR/attempts/).
      --backend local runs at most --jobs workers at once (one BLAS thread each). --backend slurm writes a job \
      array (DIR/slurm/<n>/sweep.sbatch, one task per run, %N with --concurrency) and submits it with --submit, \
      polling squeue with a progress bar; without --submit it prints the script's path and the sbatch command. \
      --shard i/N runs the i-th of N slices here (for any other scheduler). --collect DIR writes summary.csv, \
      runs.csv and figures, and lists what is missing or failed.
      Exit codes: 0 every run complete, 1 a run failed or is missing, 2 usage error, 3 plugin failed to load.
      """)

  enum Backend: String, ExpressibleByArgument, CaseIterable {
    case local, slurm
  }

  @OptionGroup var discovery: DiscoveryOptions

  @Argument(help: ArgumentHelp("The sweep spec (TOML).", valueName: "spec"))
  var spec: String?

  @Option(help: ArgumentHelp("The sweep folder (default: runs/sweep-<name>).", valueName: "dir"))
  var out: String?

  @Flag(help: "Print the expanded run list and its size; run nothing.")
  var dryRun = false

  @Option(help: "Where the runs happen: local or slurm.")
  var backend: Backend = .local

  @Option(help: ArgumentHelp("Local worker processes at once (default: the number of cores).", valueName: "N"))
  var jobs: Int?

  @Flag(help: "With --backend slurm: submit the job array and follow it (otherwise print the script).")
  var submit = false

  @Option(
    name: .customLong("slurm-arg"),
    help: ArgumentHelp(
      "An #SBATCH option for the job array, e.g. --slurm-arg=--partition=short (repeatable).",
      valueName: "option"))
  var slurmArguments: [String] = []

  @Option(help: ArgumentHelp("With --backend slurm: most array tasks at once (%N).", valueName: "N"))
  var concurrency: Int?

  @Option(help: ArgumentHelp("Run only slice i of N of the plan (0 ≤ i < N), here.", valueName: "i/N"))
  var shard: String?

  @Option(help: ArgumentHelp("Summarise the sweep in DIR: summary.csv, runs.csv, figures.", valueName: "dir"))
  var collect: String?

  @Option(help: ArgumentHelp("The trace column to plot (default: f_gap, f or loss).", valueName: "name"))
  var metric: String?

  @Option(help: .hidden) var task: String?
  @Option(help: .hidden) var index: Int?

  func validate() throws {
    if task != nil { return }
    if collect == nil && spec == nil {
      throw ValidationError("missing the spec: write 'catalogue sweep SPEC.toml' or 'catalogue sweep --collect DIR'")
    }
    if collect != nil && spec != nil { throw ValidationError("give either a spec or --collect DIR, not both") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    if let concurrency, concurrency < 1 {
      throw ValidationError("--concurrency must be at least 1 (got \(concurrency))")
    }
    if submit && backend != .slurm { throw ValidationError("--submit goes with --backend slurm") }
    if shard != nil && backend != .local {
      throw ValidationError("--shard runs its slice here: use it with --backend local")
    }
  }

  func run() throws {
    if let task { runTask(task) }
    if let collect { return try collectFolder(collect) }
    let specPath = spec!
    let text = try FileSystem.readText(specPath)
    let defaultName = FileSystem.fileName(of: specPath).split(separator: ".").first.map(String.init) ?? "sweep"
    let parsed: SweepSpec
    do {
      parsed = try SweepSpec(parsing: text, defaultName: defaultName)
    } catch {
      throw CatalogueError.usage("\(specPath): \(error.message)")
    }
    let registry = discovery.loadRegistry()
    let folder = out ?? FileSystem.join("runs", "sweep-\(parsed.name)")
    let plan = try SweepPlan.make(spec: parsed, folder: FileSystem.absolute(folder), registry: registry)
    let execution = SweepExecution(plan: plan, discovery: discovery.workerArguments)
    var candidates = plan.entries
    if let shard {
      let parts = shard.split(separator: "/").compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, parts[0] >= 0, parts[0] < parts[1] else {
        throw CatalogueError.usage("--shard '\(shard)' is not i/N with 0 ≤ i < N (e.g. --shard 0/4)")
      }
      candidates = plan.shard(parts[0], of: parts[1])
    }
    if dryRun {
      let states = candidates.map { SweepRunState(folder: $0.run.folder) }
      let done = states.filter { $0.isComplete }.count
      print(
        "sweep \(plan.spec.name): \(candidates.count) run\(candidates.count == 1 ? "" : "s") in \(plan.labels.count) "
          + "configuration\(plan.labels.count == 1 ? "" : "s") × \(plan.spec.seeds.count) seed\(plan.spec.seeds.count == 1 ? "" : "s")"
          + (done > 0 ? " (\(done) already complete)" : ""))
      var rows: [[String]] = [["id", "configuration", "seed", "state"]]
      for (entry, state) in zip(candidates, states) {
        let stateText: String
        switch state {
        case .complete: stateText = "complete"
        case .missing: stateText = "to run"
        case .failed: stateText = "to redo"
        }
        rows.append([entry.id, entry.label, "\(entry.run.seed)", stateText])
      }
      print(TextTable(rows: rows).text, terminator: "")
      return
    }
    try execution.prepare()
    let todo = try execution.pending(candidates)
    let skipped = candidates.count - todo.count
    StandardError.write(
      "note: sweep \(plan.spec.name): \(todo.count) of \(candidates.count) runs to do"
        + (skipped > 0 ? " (\(skipped) already complete)" : "") + " in \(plan.folder)\n")
    switch backend {
    case .local:
      guard let executable = ProcessEnvironment.executablePath() else {
        throw CatalogueError.runFailed("cannot find the catalogue executable to start workers from")
      }
      let runner = BatchRunner(executable: executable, jobs: jobs ?? BatchRunner.coreCount)
      let showProgress = ProcessEnvironment.isTerminal(2)
      let result = try execution.runLocally(todo, runner: runner) { done, total, entry in
        guard showProgress else { return }
        let ending = entry.finished.map { "\($0.termination)" } ?? "failed"
        StandardError.write("[\(done)/\(total)] \(entry.run.label) seed \(entry.run.seed): \(ending)\n")
      }
      for entry in result.entries where !entry.succeeded {
        ErrorReport.print(.runFailed("\(entry.run.label) seed \(entry.run.seed): \(entry.failure)"))
      }
      if shard != nil {
        if result.interrupted || result.entries.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
        return
      }
    case .slurm:
      guard !todo.isEmpty else { break }
      guard let executable = ProcessEnvironment.executablePath() else {
        throw CatalogueError.runFailed("cannot find the catalogue executable for the Slurm tasks")
      }
      let batch = execution.slurm(executable: executable, concurrency: concurrency, options: slurmArguments)
      let submission = try batch.prepare(todo)
      guard submit else {
        print("job-array script: \(submission.script) (\(todo.count) tasks)")
        print("submit it with:   sbatch \(submission.script)")
        print("then collect:     catalogue sweep --collect \(plan.folder)")
        return
      }
      let client = SlurmClient(scratch: submission.folder)
      let bar = ProcessEnvironment.isTerminal(2)
      let outcome = try batch.submit(submission, client: client) { done, total in
        guard bar else { return }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        StandardError.write(
          "\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
            + "\(done)/\(total) tasks" + (done == total ? "\n" : ""))
      }
      StandardError.write("note: Slurm job \(outcome.job)\n")
      if outcome.detached {
        StandardError.write(
          "note: stopped watching; job \(outcome.job) keeps running (scancel \(outcome.job) to stop it); "
            + "collect with 'catalogue sweep --collect \(plan.folder)'\n")
        throw ExitCode(1)
      }
      for failure in outcome.failures { ErrorReport.print(.runFailed(failure.line)) }
    }
    try collectFolder(plan.folder)
  }

  /// Summarises a sweep folder; exit 1 unless every run is complete.
  private func collectFolder(_ folder: String) throws {
    let collection = try SweepCollection(folder: folder, metric: metric)
    let total = collection.manifest.runs.count
    print("sweep \(collection.manifest.name): \(collection.completeCount) of \(total) runs complete")
    if let outcome = collection.outcome {
      print("final metrics: mean ± standard deviation over seeds")
      print(outcome.summary.table)
      print(
        TextTable(rows: [
          ["run folders", "\(folder)/runs/<id>"],
          ["files", outcome.files.map(FileSystem.fileName(of:)).joined(separator: ", ")],
        ]).text, terminator: "")
      for note in outcome.notes { StandardError.write("note: \(note)\n") }
    }
    let incomplete = collection.incompleteLines
    if !incomplete.isEmpty {
      StandardError.write("\(incomplete.count) run\(incomplete.count == 1 ? " is" : "s are") not complete:\n")
      for line in incomplete.prefix(50) { StandardError.write("  \(line)\n") }
      if incomplete.count > 50 { StandardError.write("  … and \(incomplete.count - 50) more\n") }
      StandardError.write("note: run the same sweep again to do only these\n")
      throw ExitCode(1)
    }
  }

  /// One Slurm array task: becomes the run's `catalogue run` (exec, so Slurm sees its exit status and signals).
  private func runTask(_ file: String) -> Never {
    do {
      guard let index else { throw CatalogueError.usage("--task needs --index N") }
      let arguments = try SlurmTaskList(contentsOf: file).arguments(ofTask: index)
      guard let executable = ProcessEnvironment.executablePath() else {
        throw CatalogueError.runFailed("cannot find the catalogue executable")
      }
      let argv = ([executable] + arguments).map { strdup($0) } + [nil]
      execv(executable, argv)
      throw CatalogueError.runFailed("cannot start \(executable): \(String(cString: strerror(errno)))")
    } catch let error as CatalogueError {
      ErrorReport.exit(error)
    } catch {
      ErrorReport.exit(.runFailed("\(error)"))
    }
  }
}
