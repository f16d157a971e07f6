import ArgumentParser
import CatalogueHost
import CatalogueLab

/// `--backend local|slurm` and its Slurm options, shared by `compare` and `reproduce` (whose runs are planned as a
/// batch either backend can do; `sweep` adds `--submit` and `--shard`).
struct BackendOptions: ParsableArguments {
  enum Backend: String, ExpressibleByArgument, CaseIterable {
    case local, slurm
  }

  @Option(help: "Where the runs happen: local worker processes, or one Slurm job array (submitted and followed).")
  var backend: Backend = .local

  @Option(
    name: .customLong("slurm-arg"),
    help: ArgumentHelp(
      "With --backend slurm: an #SBATCH option, e.g. --slurm-arg=--partition=short (repeatable).",
      valueName: "option"))
  var slurmArguments: [String] = []

  @Option(help: ArgumentHelp("With --backend slurm: most array tasks at once (%N).", valueName: "N"))
  var concurrency: Int?

  func validate() throws {
    if let concurrency, concurrency < 1 {
      throw ValidationError("--concurrency must be at least 1 (got \(concurrency))")
    }
    if backend == .local && (concurrency != nil || !slurmArguments.isEmpty) {
      throw ValidationError("--concurrency and --slurm-arg go with --backend slurm")
    }
  }

  /// The backend, with `jobs` local workers.
  func make(jobs: Int?) throws -> BatchBackend {
    guard let executable = ProcessEnvironment.executablePath() else {
      throw CatalogueError.runFailed("cannot find the catalogue executable to start workers from")
    }
    switch backend {
    case .local: return .local(BatchRunner(executable: executable, jobs: jobs ?? BatchRunner.coreCount))
    case .slurm: return .slurm(executable: executable, concurrency: concurrency, options: slurmArguments)
    }
  }

  /// Prints `[done/total] tasks` on a terminal while a Slurm array runs.
  static func taskProgress(_ done: Int, _ total: Int) {
    guard ProcessEnvironment.isTerminal(2) else { return }
    StandardError.write("\r[\(done)/\(total)] Slurm tasks finished" + (done == total ? "\n" : ""))
  }
}
