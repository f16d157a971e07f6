import CatalogueHost

/// A sweep expanded into runs: every algorithm × problem × combination of the parameter values that apply to it ×
/// seed, each with a stable id and its own folder `DIR/runs/<id>`.
///
/// Expansion routes each swept key as `compare` routes `-p` (``ParameterRouting``): a key only one algorithm has
/// multiplies only that algorithm's runs. Every configuration's first run is planned (parsed, matched,
/// validated) here, so a bad value fails before anything runs or is submitted. Nothing here runs plugin code.
public struct SweepPlan: Sendable {
  /// One run of the sweep.
  public struct Entry: Equatable, Sendable {
    /// Stable id: `<algorithm>-<problem>-<12 hex digits of the configuration's digest>-seed<N>`. The same
    /// resolved configuration (qualified algorithm and problem, scoped parameters, budget) gives the same id on
    /// every machine, so a re-run finds the runs already done.
    public var id: String
    /// The configuration (everything but the seed) as a label: `gd step_size=0.01 dim=10`.
    public var label: String
    /// What the worker runs.
    public var run: BatchRun
  }

  /// The spec.
  public var spec: SweepSpec
  /// The sweep folder.
  public var folder: String
  /// Every run, configuration by configuration, seed by seed.
  public var entries: [Entry]
  /// Configuration labels in order (the series of the summary and figures).
  public var labels: [String]

  /// The most runs one sweep may expand to.
  public static let limit = 100_000

  /// Expands and validates a spec against the installed plugins.
  public static func make(spec: SweepSpec, folder: String, registry: PluginRegistry) throws(CatalogueError)
    -> SweepPlan
  {
    var handles: [AlgorithmHandle] = []
    for text in spec.algorithms {
      handles.append(try registry.algorithm(try EntryReference(parsing: text, what: "algorithm")))
    }
    let targets = handles.map { ParameterRouting.Target(label: $0.info.id, owner: $0.info.parameterOwner) }
    var entries: [Entry] = []
    var labels: [String] = []
    let problemTexts: [String?] = spec.problems.isEmpty ? [nil] : spec.problems
    for problemText in problemTexts {
      for (index, algorithm) in handles.enumerated() {
        let declaration = algorithm.info.defaultProblemDeclaration
        guard let reference = problemText ?? declaration?.reference else {
          throw .usage("algorithm \(algorithm.info.id) has no default problem; add problems = [\"…\"] to the spec")
        }
        let problem = try registry.problem(
          try EntryReference(parsing: reference, what: "problem"), preferring: algorithm.plugin)
        // Route each axis once, with its first value, to learn its scoped key for this algorithm.
        var scoped: [(prefix: String, axis: ParameterAxis)] = []
        for axis in spec.axes {
          let routed = try ParameterRouting.route(
            ["\(axis.key)=\(axis.values[0])"], targets: targets, problem: problem.info.parameterOwner)
          guard let text = routed[index].first, let equals = text.firstIndex(of: "=") else { continue }
          scoped.append((String(text[...equals]), axis))
        }
        let fixed = problemText == nil ? (declaration?.parameters(notIn: spec.axes.map(\.key)) ?? []) : []
        let budget =
          spec.maxIters
          ?? (algorithm.info.defaultMaxIters > 0 ? algorithm.info.defaultMaxIters : StoppingCriteria.fallbackMaxIters)
        let stopping = StoppingCriteria(
          maxIters: budget, timeLimit: spec.timeLimit, gradTol: spec.gradTol, target: spec.target)
        for combination in Self.combinations(scoped.map(\.axis.values)) {
          let parameters =
            fixed.map(\.description) + zip(scoped, combination).map { $0.prefix + $1 }
          var label = algorithm.info.id
          for (entry, value) in zip(scoped, combination) where entry.axis.values.count > 1 {
            label += " \(entry.axis.key.split(separator: ".").last!)=\(value)"
          }
          if problemTexts.count > 1 { label += " on \(problem.info.id)" }
          if !labels.contains(label) { labels.append(label) }
          let digest = Self.digest(
            algorithm: BatchRun.qualified(algorithm), problem: BatchRun.qualified(problem),
            parameters: parameters, stopping: stopping)
          var first = true
          for seed in spec.seeds {
            let id = "\(algorithm.info.id)-\(problem.info.id)-\(digest)-seed\(seed)"
            let run = BatchRun(
              label: label, algorithm: BatchRun.qualified(algorithm), problem: BatchRun.qualified(problem),
              parameters: parameters, seed: seed, stopping: stopping,
              folder: FileSystem.join(FileSystem.join(folder, "runs"), id))
            if first {
              do {
                _ = try RunPlanner.plan(run.request, registry: registry)
              } catch {
                throw .usage("\(label): \(error.message)")
              }
              first = false
            }
            entries.append(Entry(id: id, label: label, run: run))
            guard entries.count <= limit else {
              throw .usage("the spec expands to more than \(limit) runs; sweep fewer values or split it with --shard")
            }
          }
        }
      }
    }
    let ids = Set(entries.map(\.id))
    if ids.count < entries.count {
      throw .usage("two runs of the spec are the same configuration: list each algorithm, problem and value once")
    }
    return SweepPlan(spec: spec, folder: folder, entries: entries, labels: labels)
  }

  /// Every combination of one value per axis, the last axis varying fastest (one empty combination for none).
  static func combinations(_ axes: [[String]]) -> [[String]] {
    axes.reduce([[]]) { partial, values in partial.flatMap { prefix in values.map { prefix + [$0] } } }
  }

  /// 12 hex digits of a 64-bit FNV-1a digest of the configuration, written one field per line in a fixed order.
  static func digest(algorithm: String, problem: String, parameters: [String], stopping: StoppingCriteria) -> String {
    var text = "algorithm=\(algorithm)\nproblem=\(problem)\n"
    for parameter in parameters.sorted() { text += "p \(parameter)\n" }
    text += "max_iters=\(stopping.maxIters)\n"
    if let limit = stopping.timeLimit { text += "time_limit=\(NumberFormat.shortest(limit))\n" }
    if let tolerance = stopping.gradTol { text += "grad_tol=\(NumberFormat.shortest(tolerance))\n" }
    if let target = stopping.target { text += "target=\(NumberFormat.shortest(target))\n" }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
  }

  /// The runs of shard `index` of `count` (`--shard i/N`): every N-th run of the plan, starting at the i-th.
  public func shard(_ index: Int, of count: Int) -> [Entry] {
    entries.enumerated().filter { $0.offset % count == index }.map(\.element)
  }
}
