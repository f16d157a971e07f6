import CCatalogue

/// Copies a plugin's C descriptors into Swift values, honouring `struct_size` and checking what the ABI requires.
///
/// A descriptor is read by copying `min(struct_size, sizeof)` bytes into a zeroed struct, so a field appended in a
/// later minor version reads as zero (absent) when the plugin was built before it existed; a descriptor smaller
/// than its 1.0 layout is rejected. Violations of the ABI (a missing id, an unknown parameter kind) become
/// one-line reasons that `list` shows next to the file.
enum DescriptorReader {
  /// A descriptor that breaks the ABI's rules; the payload is the reason.
  struct Invalid: Error {
    var reason: String
  }

  /// Most bytes a descriptor may exceed this host's layout by: later minor versions append fields, a few hundred
  /// bytes at most, while a wrong `struct_size` (uninitialised, or a pointer's bits) is usually huge.
  static let maximumGrowth = 4096

  /// Copies a C struct that starts with `struct_size`. The smallest size accepted is the struct's size in ABI 1.0
  /// (every field a 1.0 plugin must provide, ``ABIStructSizes``); fields beyond `struct_size` read as zero.
  static func copy<T>(_ pointer: UnsafeRawPointer?, as type: T.Type, what: String) throws(Invalid) -> T {
    guard let pointer else { throw Invalid(reason: "\(what) is NULL") }
    let declared = Int(pointer.loadUnaligned(as: UInt32.self))
    let size = MemoryLayout<T>.size
    let minimum = ABIStructSizes.oneZero(T.self)
    guard declared >= minimum else {
      throw Invalid(reason: "\(what) has struct_size \(declared), smaller than the \(minimum) bytes of ABI 1.0")
    }
    // Minor versions append a few fields; a size far beyond this host's is garbage, not a newer layout.
    guard declared <= size + maximumGrowth else {
      throw Invalid(
        reason: "\(what) has struct_size \(declared), far larger than the \(size) bytes of ABI "
          + "\(CatalogueVersion.abi) (set it to sizeof the struct)")
    }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<T>.alignment)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    buffer.copyMemory(from: pointer, byteCount: min(declared, size))
    return buffer.load(as: T.self)
  }

  /// A C string, or nil for NULL.
  static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
  }

  /// The pointers of a descriptor array (`count` entries, each non-NULL).
  static func pointers<T>(_ base: UnsafePointer<UnsafePointer<T>?>?, count: UInt32, what: String) throws(Invalid)
    -> [UnsafePointer<T>]
  {
    guard count > 0 else { return [] }
    guard let base else { throw Invalid(reason: "\(what) array is NULL but its count is \(count)") }
    var result: [UnsafePointer<T>] = []
    for index in 0..<Int(count) {
      guard let entry = base[index] else { throw Invalid(reason: "\(what) #\(index + 1) is NULL") }
      result.append(entry)
    }
    return result
  }

  /// Copies the whole plugin: its metadata and the raw descriptor pointers used to run it.
  static func plugin(_ descriptor: cat_plugin) throws(Invalid) -> (PluginInfo, RawPlugin) {
    guard let id = string(descriptor.id), EntryReference.isPluginID(id) else {
      throw Invalid(reason: "plugin id is missing or not reverse-DNS-like ([A-Za-z0-9._-])")
    }
    let versionText = string(descriptor.version) ?? ""
    guard let version = SemanticVersion(versionText) else {
      throw Invalid(reason: "plugin \(id) has version '\(versionText)', not a semantic version MAJOR.MINOR.PATCH")
    }
    let algorithmPointers = try pointers(descriptor.algorithms, count: descriptor.algorithm_count, what: "algorithm")
    let problemPointers = try pointers(descriptor.problems, count: descriptor.problem_count, what: "problem")
    let experimentPointers = try pointers(
      descriptor.experiments, count: descriptor.experiment_count, what: "experiment")
    var algorithms: [AlgorithmInfo] = []
    for (index, pointer) in algorithmPointers.enumerated() {
      let algorithm = try copy(pointer, as: cat_algorithm_desc.self, what: "algorithm #\(index + 1)")
      algorithms.append(try self.algorithm(algorithm, index: index))
    }
    var problems: [ProblemInfo] = []
    for (index, pointer) in problemPointers.enumerated() {
      let problem = try copy(pointer, as: cat_problem_desc.self, what: "problem #\(index + 1)")
      problems.append(try self.problem(problem, index: index))
    }
    var experiments: [ExperimentInfo] = []
    for (index, pointer) in experimentPointers.enumerated() {
      experiments.append(try experiment(pointer, index: index))
    }
    try requireUnique(algorithms.map(\.id), what: "algorithm")
    try requireUnique(problems.map(\.id), what: "problem")
    try requireUnique(experiments.map(\.id), what: "experiment")
    let info = PluginInfo(
      id: id, name: string(descriptor.name) ?? id, version: version, summary: string(descriptor.summary) ?? "",
      license: string(descriptor.license) ?? "", citation: try citation(descriptor.citation),
      abiMajor: descriptor.abi_major, abiMinor: descriptor.abi_minor, algorithms: algorithms, problems: problems,
      experiments: experiments)
    return (info, RawPlugin(algorithms: algorithmPointers, problems: problemPointers))
  }

  private static func requireUnique(_ ids: [String], what: String) throws(Invalid) {
    var seen = Set<String>()
    for id in ids where !seen.insert(id).inserted {
      throw Invalid(reason: "\(what) id '\(id)' is registered twice")
    }
  }

  private static func algorithm(_ descriptor: cat_algorithm_desc, index: Int) throws(Invalid) -> AlgorithmInfo {
    guard let id = string(descriptor.id), EntryReference.isEntryID(id) else {
      throw Invalid(reason: "algorithm #\(index + 1) has a missing or invalid id (lower-case [a-z0-9-])")
    }
    guard descriptor.run != nil else { throw Invalid(reason: "algorithm \(id) has no run function") }
    let parameterPointers = try pointers(
      descriptor.params, count: descriptor.param_count, what: "parameter of algorithm \(id)")
    return AlgorithmInfo(
      id: id, name: string(descriptor.name) ?? id, summary: string(descriptor.summary) ?? "",
      provenance: Provenance(rawValue: descriptor.provenance),
      provenanceNote: string(descriptor.provenance_note) ?? "", citation: try citation(descriptor.citation),
      problemKinds: ProblemKind.kinds(inMask: descriptor.problem_kinds),
      needs: OracleNeeds(rawValue: descriptor.needs), defaultProblem: string(descriptor.default_problem),
      defaultMaxIters: descriptor.default_max_iters,
      parameters: try parameters(parameterPointers, owner: "algorithm \(id)"))
  }

  private static func problem(_ descriptor: cat_problem_desc, index: Int) throws(Invalid) -> ProblemInfo {
    guard let id = string(descriptor.id), EntryReference.isEntryID(id) else {
      throw Invalid(reason: "problem #\(index + 1) has a missing or invalid id (lower-case [a-z0-9-])")
    }
    guard descriptor.create != nil else { throw Invalid(reason: "problem \(id) has no create function") }
    let parameterPointers = try pointers(
      descriptor.params, count: descriptor.param_count, what: "parameter of problem \(id)")
    return ProblemInfo(
      id: id, name: string(descriptor.name) ?? id, summary: string(descriptor.summary) ?? "",
      kind: ProblemKind(rawValue: descriptor.kind),
      parameters: try parameters(parameterPointers, owner: "problem \(id)"))
  }

  private static func parameters(_ pointers: [UnsafePointer<cat_param_desc>], owner: String) throws(Invalid)
    -> [ParameterSpec]
  {
    var specs: [ParameterSpec] = []
    for (index, pointer) in pointers.enumerated() {
      let raw = try copy(pointer, as: cat_param_desc.self, what: "parameter #\(index + 1) of \(owner)")
      guard let id = string(raw.id), !id.isEmpty,
        id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
      else { throw Invalid(reason: "parameter #\(index + 1) of \(owner) has a missing or invalid id ([a-z0-9_])") }
      guard let kind = ParameterSpec.Kind(raw: raw.kind) else {
        throw Invalid(reason: "parameter '\(id)' of \(owner) has unknown kind \(raw.kind)")
      }
      var choices: [String] = []
      if kind == .choice {
        guard raw.choice_count > 0, let list = raw.choices else {
          throw Invalid(reason: "choice parameter '\(id)' of \(owner) has no choices")
        }
        for choice in 0..<Int(raw.choice_count) {
          guard let text = string(list[choice]) else {
            throw Invalid(reason: "choice #\(choice + 1) of parameter '\(id)' of \(owner) is NULL")
          }
          choices.append(text)
        }
      }
      let defaultValue: ParameterValue
      switch kind {
      case .real: defaultValue = .real(raw.default_real)
      case .int: defaultValue = .int(raw.default_int)
      case .bool: defaultValue = .bool(raw.default_int != 0)
      case .choice: defaultValue = .string(string(raw.default_string) ?? choices[0])
      case .string: defaultValue = .string(string(raw.default_string) ?? "")
      }
      try requireUnique(specs.map(\.id) + [id], what: "parameter of \(owner) with")
      specs.append(
        ParameterSpec(
          id: id, kind: kind, help: string(raw.help) ?? "", unit: string(raw.unit), defaultValue: defaultValue,
          minReal: raw.min_real, maxReal: raw.max_real, minInt: raw.min_int, maxInt: raw.max_int,
          minExclusive: raw.flags & UInt32(CAT_PARAM_FLAG_MIN_EXCLUSIVE) != 0,
          maxExclusive: raw.flags & UInt32(CAT_PARAM_FLAG_MAX_EXCLUSIVE) != 0,
          logScale: raw.flags & UInt32(CAT_PARAM_FLAG_LOG_SCALE) != 0, choices: choices))
    }
    return specs
  }

  private static func citation(_ pointer: UnsafePointer<cat_citation>?) throws(Invalid) -> Citation? {
    guard let pointer else { return nil }
    let raw = try copy(pointer, as: cat_citation.self, what: "citation")
    return Citation(
      year: raw.year, authors: string(raw.authors) ?? "", title: string(raw.title) ?? "",
      venue: string(raw.venue) ?? "", arxivID: string(raw.arxiv_id), url: string(raw.url))
  }

  private static func experiment(_ pointer: UnsafePointer<cat_experiment_desc>, index: Int) throws(Invalid)
    -> ExperimentInfo
  {
    let raw = try copy(pointer, as: cat_experiment_desc.self, what: "experiment #\(index + 1)")
    guard let id = string(raw.id), EntryReference.isEntryID(id) else {
      throw Invalid(reason: "experiment #\(index + 1) has a missing or invalid id")
    }
    var runs: [ExperimentInfo.RunGroup] = []
    for (runIndex, runPointer) in try pointers(raw.runs, count: raw.run_count, what: "run of \(id)").enumerated() {
      let run = try copy(runPointer, as: cat_experiment_run.self, what: "run #\(runIndex + 1) of experiment \(id)")
      guard let label = string(run.label), let algorithm = string(run.algorithm) else {
        throw Invalid(reason: "run #\(runIndex + 1) of experiment \(id) has no label or algorithm")
      }
      runs.append(
        .init(
          label: label, algorithm: algorithm, problem: string(run.problem),
          algorithmParameters: string(run.algorithm_params), problemParameters: string(run.problem_params),
          firstSeed: run.first_seed, seedCount: run.seed_count, maxIters: run.max_iters,
          quickSeedCount: run.quick_seed_count, quickMaxIters: run.quick_max_iters,
          fullOnly: run.flags & UInt32(CAT_EXPERIMENT_FULL_ONLY) != 0))
    }
    var claims: [ExperimentInfo.Claim] = []
    for (claimIndex, claimPointer) in try pointers(raw.claims, count: raw.claim_count, what: "claim of \(id)")
      .enumerated()
    {
      let claim = try copy(claimPointer, as: cat_claim.self, what: "claim #\(claimIndex + 1) of experiment \(id)")
      guard let claimID = string(claim.id), let run = string(claim.run), let metric = string(claim.metric) else {
        throw Invalid(reason: "claim #\(claimIndex + 1) of experiment \(id) lacks an id, run or metric")
      }
      claims.append(
        .init(
          id: claimID, kind: claim.kind, statement: string(claim.statement) ?? "", run: run,
          otherRun: string(claim.other_run), metric: metric, aggregate: claim.aggregate, lower: claim.lower,
          upper: claim.upper, fullOnly: claim.flags & UInt32(CAT_EXPERIMENT_FULL_ONLY) != 0))
    }
    return ExperimentInfo(
      id: id, title: string(raw.title) ?? id, summary: string(raw.summary) ?? "", runs: runs, claims: claims)
  }
}
