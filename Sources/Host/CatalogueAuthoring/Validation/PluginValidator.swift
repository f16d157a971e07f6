import CCatalogue
import CatalogueHost

/// `catalogue validate FILE`: a conformance suite for one plugin file, in the spirit of clap-validator and lv2lint.
///
/// Every check that runs plugin code does so in a child process (a scanner, a probe, or a run worker), so a plugin
/// that crashes fails a check instead of taking the validator down; checks that only inspect the file or the
/// metadata the child sent back run here. Checks whose prerequisite failed are reported as skipped.
///
/// A plugin that prints more than `outputBudget` bytes to stdout and stderr while it loads, negotiates or runs
/// fails that check (it was killed at that point): the host does not show plugin output, which belongs in the log
/// service. Ctrl-C, SIGTERM or SIGHUP stop the validation after killing the running child, and the checks not
/// run are reported as skipped, so the report is printed even then (Tests/IntegrationTests/ValidateTests.swift).
public struct PluginValidator {
  /// The `catalogue` executable started for the child processes.
  public var executable: String
  /// Where other plugins are found (an algorithm's default problem may live in another plugin).
  public var searchPath: PluginSearchPath
  /// How those are scanned; `allowInsecure` also applies to the file validated.
  public var scanOptions: ScanOptions
  /// Iterations each algorithm runs on its default problem.
  public var iterations: UInt64
  /// Seconds any one child may take before it is killed and its check failed.
  public var timeout: Double
  /// Most bytes one child (a load, an ABI negotiation, a run) may print to stdout and stderr.
  public var outputBudget = 1 << 16

  /// Creates a validator.
  public init(
    executable: String, searchPath: PluginSearchPath, scanOptions: ScanOptions, iterations: UInt64 = 10,
    timeout: Double = 30
  ) {
    self.executable = executable
    self.searchPath = searchPath
    self.scanOptions = scanOptions
    self.iterations = iterations
    self.timeout = timeout
  }

  /// Validates a file; throws only for a path that is not a file. `progress` receives each check as soon as it
  /// is decided, so a caller can print the report as it grows.
  public func validate(_ path: String, progress: (ValidationCheck) -> Void = { _ in }) throws(CatalogueError)
    -> ValidationReport
  {
    guard let real = FileSystem.realPath(path), FileSystem.kind(of: real) == .file else {
      throw .usage("no such plugin file \(path)")
    }
    var checks: [ValidationCheck] = []
    func add(_ check: ValidationCheck) {
      checks.append(check)
      progress(check)
    }
    let later = [
      "exports", "load", "abi", "descriptors", "metadata", "defaults", "default-problems", "runs", "bounds",
    ]
    func skipRest(from id: String, _ reason: String) -> ValidationReport {
      let remaining = later.drop { $0 != id }
      for id in remaining { add(.skip(id, Self.titles[id]!, because: reason)) }
      return ValidationReport(file: real, checks: checks)
    }

    if scanOptions.allowInsecure {
      add(.pass("permissions", Self.titles["permissions"]!, "not checked (--allow-insecure-plugins)"))
    } else if let problem = PluginFileSecurity.problem(realPath: real) {
      add(.fail("permissions", Self.titles["permissions"]!, problem))
      return skipRest(from: "elf", "the file's permissions are unsafe")
    } else {
      add(.pass("permissions", Self.titles["permissions"]!, "only you or root can change the file"))
    }

    let elf: ELFFile
    do {
      elf = try ELFFile(contentsOf: real)
      add(
        .pass("elf", Self.titles["elf"]!, "64-bit ELF shared library for \(ELFFile.machineName(elf.machine))"))
    } catch {
      add(.fail("elf", Self.titles["elf"]!, error.description))
      return skipRest(from: "exports", "it is not a shared library for this machine")
    }
    add(exports(elf))
    guard elf.exports(CAT_ENTRY_SYMBOL) else { return skipRest(from: "load", "it has no entry point") }

    if let reason = Self.interruption { return skipRest(from: "load", reason) }
    let load = probe("load", real)
    add(load)
    guard load.status == .passed else { return skipRest(from: "abi", "it does not load") }
    if let reason = Self.interruption { return skipRest(from: "abi", reason) }
    let negotiation = probe("abi", real)
    add(negotiation)
    if let reason = Self.interruption { return skipRest(from: "descriptors", reason) }

    let info: PluginInfo
    switch PluginScanner.scanInChild(real, executable: executable, timeout: timeout) {
    case .plugin(let scanned):
      info = scanned
      add(
        .pass(
          "descriptors", Self.titles["descriptors"]!,
          "\(info.id) \(info.version): \(info.algorithms.count) algorithm(s), \(info.problems.count) problem(s), "
            + "\(info.experiments.count) experiment(s); ids unique and well formed"))
    case .failed(let reason), .notPlugin(let reason):
      add(.fail("descriptors", Self.titles["descriptors"]!, Self.interruption.map { "stopped: \($0)" } ?? reason))
      return skipRest(from: "metadata", "its descriptors could not be read")
    }
    add(metadata(info))
    add(defaults(info))

    let plugin = LoadedPlugin(info: info, file: real, origin: .commandLine, raw: nil)
    var registry = PluginRegistry(plugins: [plugin], failures: [], searchPath: searchPath)
    for other in PluginRegistry.scan(searchPath, options: scanOptions).registry.plugins where other.file != real {
      registry.add(other)
    }
    add(defaultProblems(plugin, registry: registry))
    for algorithm in info.algorithms {
      if let reason = Self.interruption {
        add(.skip("run:\(algorithm.id)", "runs on its default problem", because: reason))
        continue
      }
      for check in runs(algorithm, of: plugin, registry: registry) { add(check) }
    }
    if let reason = Self.interruption { return skipRest(from: "bounds", reason) }
    add(bounds(plugin, registry: registry))
    return ValidationReport(file: real, checks: checks)
  }

  /// Why the validation stops early: Ctrl-C, SIGTERM or SIGHUP while the caller holds the counting handlers
  /// (`InterruptFlag.installCounting()`), or nil.
  static var interruption: String? {
    guard InterruptFlag.stopRequested else { return nil }
    if let number = InterruptFlag.terminationSignal { return "validate received \(SignalName.name(number))" }
    return "validate was interrupted (Ctrl-C)"
  }

  /// What each plugin-level check verifies.
  static let titles: [String: String] = [
    "permissions": "the file and its folders are writable only by you or root",
    "elf": "a shared library for this machine",
    "exports": "exports \(CAT_ENTRY_SYMBOL) and nothing else",
    "load": "loads with dlopen(RTLD_NOW | RTLD_LOCAL)",
    "abi": "negotiates the ABI",
    "descriptors": "descriptors read under the ABI's rules",
    "metadata": "name, summary, license, citations and provenance present",
    "defaults": "parameter defaults finite and within bounds",
    "default-problems": "every algorithm's default problem exists and is of a kind it accepts",
    "runs": "every algorithm runs on its default problem, the same seed giving the same trace",
    "bounds": "out-of-bounds parameter values are rejected before the plugin runs",
  ]

  private func exports(_ elf: ELFFile) -> ValidationCheck {
    let title = Self.titles["exports"]!
    let exported = elf.exportedSymbols
    guard exported.contains(CAT_ENTRY_SYMBOL) else {
      return .fail("exports", title, "\(CAT_ENTRY_SYMBOL) is not exported: this is not a catalogue plugin")
    }
    let others = exported.filter { $0 != CAT_ENTRY_SYMBOL }.sorted()
    guard others.isEmpty else {
      let list = others.prefix(6).joined(separator: ", ") + (others.count > 6 ? ", ... (\(others.count) in all)" : "")
      return .fail(
        "exports", title,
        "also exports \(list); link with -fvisibility=hidden or the version script plugin.map so two plugins can "
          + "never interpose each other's symbols")
    }
    return .pass("exports", title, "only \(CAT_ENTRY_SYMBOL)")
  }

  /// Runs a `ValidationProbe` check in a child and reads its verdict.
  private func probe(_ id: String, _ file: String) -> ValidationCheck {
    let title = Self.titles[id]!
    let reply: [UInt8]
    let exit: ChildExit?
    let printed: Int
    do {
      (reply, exit, printed) = try WorkerChannel.exchange(
        executable: executable, arguments: [WorkerMain.command, "check", id, file], timeout: timeout,
        outputBudget: outputBudget)
    } catch {
      return .fail(id, title, "cannot start the check: \(error.message)")
    }
    if printed > outputBudget {
      let when = id == "load" ? "while loading" : "in its entry point"
      return .fail(
        id, title,
        "printed more than \(outputBudget) bytes to stdout and stderr \(when) and was stopped (a plugin reports "
          + "through the host's log service, not by printing)")
    }
    if exit == nil, let reason = Self.interruption { return .fail(id, title, "stopped: \(reason)") }
    guard let exit else { return .fail(id, title, "did not finish within \(NumberFormat.compact(timeout)) s") }
    if case .signaled(let signal) = exit { return .fail(id, title, "crashed with \(SignalName.describe(signal))") }
    guard let verdict = try? JSONCoding.decode(ValidationProbe.Verdict.self, from: reply) else {
      return .fail(id, title, "the check \(exit) without a verdict (did the plugin call exit()?)")
    }
    return ValidationCheck(id: id, title: title, status: verdict.passed ? .passed : .failed, detail: verdict.detail)
  }

  private func metadata(_ info: PluginInfo) -> ValidationCheck {
    let title = Self.titles["metadata"]!
    var problems: [String] = []
    if info.name.isEmpty || info.name == info.id { problems.append("the plugin has no display name") }
    if info.summary.isEmpty { problems.append("the plugin has no summary") }
    if info.license.isEmpty { problems.append("the plugin names no license (an SPDX id such as Apache-2.0)") }
    func incomplete(_ citation: Citation) -> Bool {
      citation.authors.isEmpty || citation.title.isEmpty || citation.year == 0
    }
    if let citation = info.citation, incomplete(citation) {
      problems.append("the plugin's citation lacks authors, title or year")
    }
    for algorithm in info.algorithms {
      // A NULL name reads as the id, so "no display name" covers both.
      if algorithm.name.isEmpty || algorithm.name == algorithm.id {
        problems.append("algorithm \(algorithm.id) has no display name")
      }
      if algorithm.summary.isEmpty { problems.append("algorithm \(algorithm.id) has no summary") }
      if ![Provenance.verified, .reconstructed, .standard].contains(algorithm.provenance) {
        problems.append("algorithm \(algorithm.id) has unknown provenance \(algorithm.provenance.rawValue)")
      }
      if algorithm.provenance != .standard && algorithm.provenanceNote.isEmpty {
        problems.append("algorithm \(algorithm.id) does not say what its provenance was checked against")
      }
      switch algorithm.citation ?? info.citation {
      case nil: problems.append("algorithm \(algorithm.id) has no citation (its own or the plugin's)")
      case let citation? where incomplete(citation):
        problems.append("algorithm \(algorithm.id)'s citation lacks authors, title or year")
      default: break
      }
    }
    for problem in info.problems {
      if problem.name.isEmpty || problem.name == problem.id {
        problems.append("problem \(problem.id) has no display name")
      }
      if problem.summary.isEmpty { problems.append("problem \(problem.id) has no summary") }
    }
    if problems.isEmpty {
      return .pass("metadata", title, "\(info.name), license \(info.license), every algorithm cited")
    }
    return .fail("metadata", title, problems.joined(separator: "; "))
  }

  private func defaults(_ info: PluginInfo) -> ValidationCheck {
    let title = Self.titles["defaults"]!
    var problems: [String] = []
    var count = 0
    let owners = info.algorithms.map(\.parameterOwner) + info.problems.map(\.parameterOwner)
    for owner in owners {
      for spec in owner.specs {
        count += 1
        if case .real(let value) = spec.defaultValue, !value.isFinite {
          problems.append("parameter '\(spec.id)' of \(owner.label) has default \(NumberFormat.shortest(value))")
          continue
        }
        if spec.kind == .real && (spec.minReal.isNaN || spec.maxReal.isNaN || spec.minReal > spec.maxReal) {
          problems.append("parameter '\(spec.id)' of \(owner.label) has empty or invalid bounds")
        }
        if spec.kind == .int && spec.minInt > spec.maxInt {
          problems.append("parameter '\(spec.id)' of \(owner.label) has empty bounds")
        }
        if spec.kind == .choice, case .string(let text) = spec.defaultValue, !spec.choices.contains(text) {
          problems.append("parameter '\(spec.id)' of \(owner.label) has default '\(text)', not one of its choices")
        }
        do {
          try spec.check(spec.defaultValue, owner: owner.label)
        } catch {
          problems.append(error.message)
        }
      }
    }
    for problem in info.problems where !ProblemKind.known.contains(problem.kind) {
      problems.append("problem \(problem.id) has unknown kind \(problem.kind.rawValue)")
    }
    if problems.isEmpty { return .pass("defaults", title, "\(count) parameter(s) checked") }
    return .fail("defaults", title, problems.joined(separator: "; "))
  }

  /// The reference that reaches exactly this plugin's algorithm.
  private func reference(_ algorithm: AlgorithmInfo, of plugin: LoadedPlugin) -> String {
    "\(plugin.info.id)/\(algorithm.id)@\(plugin.info.version)"
  }

  private func defaultProblems(_ plugin: LoadedPlugin, registry: PluginRegistry) -> ValidationCheck {
    let title = Self.titles["default-problems"]!
    var problems: [String] = []
    var found: [String] = []
    for algorithm in plugin.info.algorithms {
      do {
        let (plan, _) = try RunPlanner.plan(
          RunRequest(algorithm: reference(algorithm, of: plugin), seed: 1, maxIters: 1), registry: registry)
        found.append("\(algorithm.id) → \(plan.problem.info.id)")
      } catch {
        problems.append("\(algorithm.id): \(error.message)")
      }
    }
    if problems.isEmpty {
      return .pass(
        "default-problems", title, found.isEmpty ? "the plugin has no algorithms" : found.joined(separator: ", "))
    }
    return .fail("default-problems", title, problems.joined(separator: "; "))
  }

  /// Runs an algorithm twice, each time in its own worker, and compares the traces bit for bit: two processes,
  /// because a plugin that hashes addresses or reads uninitialised memory can repeat itself within one.
  private func runs(_ algorithm: AlgorithmInfo, of plugin: LoadedPlugin, registry: PluginRegistry)
    -> [ValidationCheck]
  {
    let runID = "run:\(algorithm.id)"
    let runTitle = "runs \(iterations) iterations on its default problem"
    let sameID = "determinism:\(algorithm.id)"
    let sameTitle = "the same seed gives the same trace in another process"
    let request = RunRequest(
      algorithm: reference(algorithm, of: plugin), seed: 1, maxIters: iterations, timeLimit: timeout)
    let plan: RunPlan
    do {
      plan = try RunPlanner.plan(request, registry: registry).plan
    } catch {
      return [.fail(runID, runTitle, error.message), .skip(sameID, sameTitle, because: "the run did not start")]
    }
    let driver = WorkerRunDriver(executable: executable, outputBudget: outputBudget)
    func attempt() -> Result<RunRecorder, CatalogueError> {
      let recorder = RunRecorder()
      do {
        _ = try driver.run(plan, sink: recorder)
        return .success(recorder)
      } catch {
        return .failure(error)
      }
    }
    let first: RunRecorder
    switch attempt() {
    case .failure(let error):
      return [.fail(runID, runTitle, error.message), .skip(sameID, sameTitle, because: "the run did not start")]
    case .success(let recorder): first = recorder
    }
    let end = first.record.end!
    if [.failed, .cancelled, .diverged].contains(end.termination) {
      return [
        .fail(runID, runTitle, "\(end.termination.rawValue): \(end.message)"),
        .skip(sameID, sameTitle, because: "the run failed"),
      ]
    }
    guard !first.rows.isEmpty else {
      return [
        .fail(runID, runTitle, "it reported no iteration (call report at iteration 0 and after each step)"),
        .skip(sameID, sameTitle, because: "there is no trace to compare"),
      ]
    }
    let ran = ValidationCheck.pass(
      runID, runTitle,
      "\(first.rows.count) rows on \(plan.problem.info.id) (\(end.termination.rawValue): \(end.message))")
    switch attempt() {
    case .failure(let error): return [ran, .fail(sameID, sameTitle, "the second run did not start: \(error.message)")]
    case .success(let second):
      if let difference = Self.difference(first, second) { return [ran, .fail(sameID, sameTitle, difference)] }
      let note = Self.resultDifference(first, second).map { "; note: \($0), so result.json is not reproducible" }
      return [ran, .pass(sameID, sameTitle, "\(first.rows.count) rows identical bit for bit" + (note ?? ""))]
    }
  }

  /// Where the traces of two recordings of the same run first differ, or nil if they are identical (NaNs
  /// compared by bits).
  static func difference(_ first: RunRecorder, _ second: RunRecorder) -> String? {
    if first.record.columns != second.record.columns { return "the trace columns differ" }
    if first.rows.count != second.rows.count {
      return "\(first.rows.count) rows the first time, \(second.rows.count) the second"
    }
    let columns = first.record.columns
    for (a, b) in zip(first.rows, second.rows) {
      if a.iteration != b.iteration { return "row iteration \(a.iteration) vs \(b.iteration)" }
      if a.counters != b.counters { return "oracle counts differ at iteration \(a.iteration)" }
      for (index, (x, y)) in zip(a.values, b.values).enumerated() where x.bitPattern != y.bitPattern {
        return "\(columns[index]) at iteration \(a.iteration): \(NumberFormat.shortest(x)) vs "
          + "\(NumberFormat.shortest(y)) (draw every random number from the run's rng)"
      }
    }
    return nil
  }

  /// The first final result that differs between two recordings, if any. Not a failure (the check is about the
  /// trace, and a plugin may report a timing), but worth telling the author: `result.json` will differ too.
  static func resultDifference(_ first: RunRecorder, _ second: RunRecorder) -> String? {
    let (a, b) = (first.record.scalars, second.record.scalars)
    if a.map(\.0) != b.map(\.0) { return "the final results have different keys" }
    for ((key, x), (_, y)) in zip(a, b) where x.bitPattern != y.bitPattern {
      return "result \(key) differs (\(NumberFormat.shortest(x)) vs \(NumberFormat.shortest(y)))"
    }
    for ((key, x), (_, y)) in zip(first.record.vectors, second.record.vectors)
    where x.count != y.count || zip(x, y).contains(where: { $0.bitPattern != $1.bitPattern }) {
      return "result vector \(key) differs"
    }
    return nil
  }

  /// Values just outside each bound (and of the wrong form) for every parameter, each of which the host must
  /// reject with a usage error at planning time, before any plugin code runs.
  private func bounds(_ plugin: LoadedPlugin, registry: PluginRegistry) -> ValidationCheck {
    let title = Self.titles["bounds"]!
    var accepted: [String] = []
    var probes = 0
    func expectRejected(_ assignment: String, algorithm: String) {
      probes += 1
      do {
        _ = try RunPlanner.plan(
          RunRequest(algorithm: algorithm, parameters: [assignment], seed: 1, maxIters: 1), registry: registry)
        accepted.append(assignment)
      } catch {
        if error.kind != .usage { accepted.append("\(assignment) (\(error.message))") }
      }
    }
    for algorithm in plugin.info.algorithms {
      let name = reference(algorithm, of: plugin)
      for spec in algorithm.parameters {
        for value in Self.outOfBounds(spec) { expectRejected("algorithm.\(spec.id)=\(value)", algorithm: name) }
      }
      guard let (plan, _) = try? RunPlanner.plan(RunRequest(algorithm: name, maxIters: 1), registry: registry),
        plan.problem.plugin.info.id == plugin.info.id
      else { continue }
      for spec in plan.problem.info.parameters {
        for value in Self.outOfBounds(spec) { expectRejected("problem.\(spec.id)=\(value)", algorithm: name) }
      }
    }
    if !accepted.isEmpty {
      return .fail("bounds", title, "accepted \(accepted.joined(separator: ", "))")
    }
    return .pass("bounds", title, "\(probes) out-of-bounds or malformed value(s) rejected at planning")
  }

  /// Texts that violate a parameter's declared kind or bounds.
  static func outOfBounds(_ spec: ParameterSpec) -> [String] {
    switch spec.kind {
    case .real:
      var values = ["nan", "inf"]
      if spec.minReal.isFinite {
        values.append(
          NumberFormat.shortest(spec.minExclusive ? spec.minReal : spec.minReal - max(1, abs(spec.minReal))))
      }
      if spec.maxReal.isFinite {
        values.append(
          NumberFormat.shortest(spec.maxExclusive ? spec.maxReal : spec.maxReal + max(1, abs(spec.maxReal))))
      }
      return values
    case .int:
      var values = ["0.5"]
      if spec.minInt > .min { values.append(String(spec.minExclusive ? spec.minInt : spec.minInt - 1)) }
      if spec.maxInt < .max { values.append(String(spec.maxExclusive ? spec.maxInt : spec.maxInt + 1)) }
      return values
    case .bool: return ["maybe"]
    case .choice: return ["not-one-of-the-choices"]
    case .string: return []
    }
  }
}
