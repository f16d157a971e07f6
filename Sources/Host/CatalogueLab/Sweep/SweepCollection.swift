import CatalogueHost

/// `catalogue sweep --collect DIR`: the finished runs of a sweep read back and summarised like a comparison
/// (`summary.csv`, `runs.csv`, figures), with what is still missing or failed named run by run.
public struct SweepCollection: Sendable {
  /// The manifest.
  public var manifest: SweepManifest
  /// Each run's state, in plan order.
  public var states: [SweepRunState]
  /// The summary and files (nil when no run has finished yet).
  public var outcome: ComparisonOutcome?

  /// Runs that ended normally.
  public var completeCount: Int { states.filter(\.isComplete).count }

  /// Reads every run folder of the sweep in `folder` and writes the summary files there.
  public init(folder: String, metric: String?) throws(CatalogueError) {
    let manifest = try SweepManifest(contentsOf: FileSystem.join(folder, "sweep.json"))
    let states = manifest.runs.map { SweepRunState(folder: manifest.folder(of: $0)) }
    self.manifest = manifest
    self.states = states
    var entries: [BatchResult.Entry] = []
    for (run, state) in zip(manifest.runs, states) where state != .missing {
      let finished = try? FinishedRun(folder: manifest.folder(of: run))
      var failure = ""
      if case .failed(let reason) = state { failure = reason }
      entries.append(
        BatchResult.Entry(run: run.batchRun(folder: manifest.folder(of: run)), finished: finished, failure: failure))
    }
    outcome =
      entries.contains { $0.finished != nil }
      ? try ComparisonOutcome(
        BatchResult(entries: entries, interrupted: false), labels: manifest.labels, metric: metric, folder: folder)
      : nil
  }

  /// One line per run that is not complete: `missing  gd-quadratic-…-seed3 (gd step_size=0.1, seed 3)`.
  public var incompleteLines: [String] {
    zip(manifest.runs, states).compactMap { run, state in
      switch state {
      case .complete: return nil
      case .missing: return "missing  \(run.id) (\(run.label), seed \(run.seed))"
      case .failed(let reason): return "failed   \(run.id) (\(run.label), seed \(run.seed)): \(reason)"
      }
    }
  }
}

extension SweepManifest.Run {
  /// The run as a batch run (what the summaries group by: label, seed, folder).
  func batchRun(folder: String) -> BatchRun {
    func value(after flag: String) -> String? {
      guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
      return arguments[index + 1]
    }
    var parameters: [String] = []
    for (index, argument) in arguments.enumerated() where argument == "-p" && index + 1 < arguments.count {
      parameters.append(arguments[index + 1])
    }
    return BatchRun(
      label: label, algorithm: arguments.count > 1 ? arguments[1] : "", problem: value(after: "--problem") ?? "",
      parameters: parameters, seed: seed,
      stopping: StoppingCriteria(maxIters: value(after: "--max-iters").flatMap { UInt64($0) } ?? 0), folder: folder)
  }
}
