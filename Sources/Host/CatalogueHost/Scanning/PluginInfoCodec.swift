/// Writes a `PluginInfo` as JSON and reads it back exactly: the form in which the scanner child hands metadata to
/// the host and in which the registry cache stores it.
///
/// Unlike `list --json` (written for people and scripts), this form is lossless: infinite bounds, raw enum values
/// and every optional field survive the round trip, so a plugin known only from the cache plans runs exactly as a
/// freshly loaded one would.
enum PluginInfoCodec {
  /// Version of this layout; stored in the cache header, so changing the layout invalidates old caches.
  static let format = 1

  static func encode(_ info: PluginInfo) -> JSONValue {
    .object([
      "id": .string(info.id), "name": .string(info.name), "version": .string("\(info.version)"),
      "summary": .string(info.summary), "license": .string(info.license), "citation": citation(info.citation),
      "abi_major": .unsigned(UInt64(info.abiMajor)), "abi_minor": .unsigned(UInt64(info.abiMinor)),
      "algorithms": .array(info.algorithms.map(algorithm)), "problems": .array(info.problems.map(problem)),
      "experiments": .array(info.experiments.map(experiment)),
    ])
  }

  static func decode(_ value: JSONValue) throws(JSONFields.Mismatch) -> PluginInfo {
    let fields = try JSONFields(value)
    guard let version = SemanticVersion(try fields.string("version")) else {
      throw JSONFields.Mismatch(field: "version")
    }
    return PluginInfo(
      id: try fields.string("id"), name: try fields.string("name"), version: version,
      summary: try fields.string("summary"), license: try fields.string("license"),
      citation: try citation(fields.optionalObject("citation")), abiMajor: try fields.uint32("abi_major"),
      abiMinor: try fields.uint32("abi_minor"), algorithms: try fields.objects("algorithms").map(algorithm),
      problems: try fields.objects("problems").map(problem),
      experiments: try fields.objects("experiments").map(experiment))
  }

  private static func citation(_ citation: Citation?) -> JSONValue {
    guard let citation else { return .null }
    return .object([
      "year": .unsigned(UInt64(citation.year)), "authors": .string(citation.authors), "title": .string(citation.title),
      "venue": .string(citation.venue), "arxiv_id": .text(citation.arxivID), "url": .text(citation.url),
    ])
  }

  private static func citation(_ fields: JSONFields?) throws(JSONFields.Mismatch) -> Citation? {
    guard let fields else { return nil }
    return Citation(
      year: try fields.uint32("year"), authors: try fields.string("authors"), title: try fields.string("title"),
      venue: try fields.string("venue"), arxivID: fields.optionalString("arxiv_id"), url: fields.optionalString("url"))
  }

  private static func algorithm(_ info: AlgorithmInfo) -> JSONValue {
    .object([
      "id": .string(info.id), "name": .string(info.name), "summary": .string(info.summary),
      "provenance": .unsigned(UInt64(info.provenance.rawValue)), "provenance_note": .string(info.provenanceNote),
      "citation": citation(info.citation),
      "problem_kinds": .array(info.problemKinds.map { .unsigned(UInt64($0.rawValue)) }),
      "needs": .unsigned(UInt64(info.needs.rawValue)), "default_problem": .text(info.defaultProblem),
      "default_max_iters": .unsigned(info.defaultMaxIters), "parameters": .array(info.parameters.map(parameter)),
    ])
  }

  private static func algorithm(_ fields: JSONFields) throws(JSONFields.Mismatch) -> AlgorithmInfo {
    var kinds: [ProblemKind] = []
    for kind in try fields.array("problem_kinds") {
      guard let raw = kind.uint64Value, let small = UInt32(exactly: raw) else {
        throw JSONFields.Mismatch(field: "\(fields.path).problem_kinds")
      }
      kinds.append(ProblemKind(rawValue: small))
    }
    return AlgorithmInfo(
      id: try fields.string("id"), name: try fields.string("name"), summary: try fields.string("summary"),
      provenance: Provenance(rawValue: try fields.uint32("provenance")),
      provenanceNote: try fields.string("provenance_note"), citation: try citation(fields.optionalObject("citation")),
      problemKinds: kinds, needs: OracleNeeds(rawValue: try fields.uint32("needs")),
      defaultProblem: fields.optionalString("default_problem"), defaultMaxIters: try fields.uint64("default_max_iters"),
      parameters: try fields.objects("parameters").map(parameter))
  }

  private static func problem(_ info: ProblemInfo) -> JSONValue {
    .object([
      "id": .string(info.id), "name": .string(info.name), "summary": .string(info.summary),
      "kind": .unsigned(UInt64(info.kind.rawValue)), "parameters": .array(info.parameters.map(parameter)),
    ])
  }

  private static func problem(_ fields: JSONFields) throws(JSONFields.Mismatch) -> ProblemInfo {
    ProblemInfo(
      id: try fields.string("id"), name: try fields.string("name"), summary: try fields.string("summary"),
      kind: ProblemKind(rawValue: try fields.uint32("kind")),
      parameters: try fields.objects("parameters").map(parameter))
  }

  private static func parameter(_ spec: ParameterSpec) -> JSONValue {
    .object([
      "id": .string(spec.id), "kind": .string(spec.kind.rawValue), "help": .string(spec.help), "unit": .text(spec.unit),
      "default": value(spec.defaultValue), "min_real": JSONFields.encode(spec.minReal),
      "max_real": JSONFields.encode(spec.maxReal), "min_int": .integer(spec.minInt), "max_int": .integer(spec.maxInt),
      "min_exclusive": .bool(spec.minExclusive), "max_exclusive": .bool(spec.maxExclusive),
      "log_scale": .bool(spec.logScale), "choices": .array(spec.choices.map { .string($0) }),
    ])
  }

  private static func parameter(_ fields: JSONFields) throws(JSONFields.Mismatch) -> ParameterSpec {
    guard let kind = ParameterSpec.Kind(rawValue: try fields.string("kind")) else {
      throw JSONFields.Mismatch(field: "\(fields.path).kind")
    }
    return ParameterSpec(
      id: try fields.string("id"), kind: kind, help: try fields.string("help"), unit: fields.optionalString("unit"),
      defaultValue: try value(fields.object("default")), minReal: try fields.double("min_real"),
      maxReal: try fields.double("max_real"), minInt: try fields.int64("min_int"), maxInt: try fields.int64("max_int"),
      minExclusive: try fields.bool("min_exclusive"), maxExclusive: try fields.bool("max_exclusive"),
      logScale: try fields.bool("log_scale"), choices: try fields.strings("choices"))
  }

  /// A parameter value tagged with its representation, so a real 1.0 never reads back as an int.
  static func value(_ value: ParameterValue) -> JSONValue {
    switch value {
    case .real(let number): return .object(["real": JSONFields.encode(number)])
    case .int(let number): return .object(["int": .integer(number)])
    case .bool(let flag): return .object(["bool": .bool(flag)])
    case .string(let text): return .object(["string": .string(text)])
    }
  }

  /// Reads what `value(_:)` wrote.
  static func value(_ fields: JSONFields) throws(JSONFields.Mismatch) -> ParameterValue {
    if fields.members["real"] != nil { return .real(try fields.double("real")) }
    if fields.members["int"] != nil { return .int(try fields.int64("int")) }
    if fields.members["bool"] != nil { return .bool(try fields.bool("bool")) }
    return .string(try fields.string("string"))
  }

  private static func experiment(_ info: ExperimentInfo) -> JSONValue {
    .object([
      "id": .string(info.id), "title": .string(info.title), "summary": .string(info.summary),
      "runs": .array(
        info.runs.map { run in
          .object([
            "label": .string(run.label), "algorithm": .string(run.algorithm), "problem": .text(run.problem),
            "algorithm_parameters": .text(run.algorithmParameters), "problem_parameters": .text(run.problemParameters),
            "first_seed": .unsigned(run.firstSeed), "seed_count": .unsigned(UInt64(run.seedCount)),
            "max_iters": .unsigned(run.maxIters), "quick_seed_count": .unsigned(UInt64(run.quickSeedCount)),
            "quick_max_iters": .unsigned(run.quickMaxIters),
          ])
        }),
      "claims": .array(
        info.claims.map { claim in
          .object([
            "id": .string(claim.id), "kind": .unsigned(UInt64(claim.kind)), "statement": .string(claim.statement),
            "run": .string(claim.run), "other_run": .text(claim.otherRun), "metric": .string(claim.metric),
            "aggregate": .unsigned(UInt64(claim.aggregate)), "lower": JSONFields.encode(claim.lower),
            "upper": JSONFields.encode(claim.upper),
          ])
        }),
    ])
  }

  private static func experiment(_ fields: JSONFields) throws(JSONFields.Mismatch) -> ExperimentInfo {
    var runs: [ExperimentInfo.RunGroup] = []
    for run in try fields.objects("runs") {
      runs.append(
        .init(
          label: try run.string("label"), algorithm: try run.string("algorithm"),
          problem: run.optionalString("problem"),
          algorithmParameters: run.optionalString("algorithm_parameters"),
          problemParameters: run.optionalString("problem_parameters"), firstSeed: try run.uint64("first_seed"),
          seedCount: try run.uint32("seed_count"), maxIters: try run.uint64("max_iters"),
          quickSeedCount: try run.uint32("quick_seed_count"), quickMaxIters: try run.uint64("quick_max_iters")))
    }
    var claims: [ExperimentInfo.Claim] = []
    for claim in try fields.objects("claims") {
      claims.append(
        .init(
          id: try claim.string("id"), kind: try claim.uint32("kind"), statement: try claim.string("statement"),
          run: try claim.string("run"), otherRun: claim.optionalString("other_run"), metric: try claim.string("metric"),
          aggregate: try claim.uint32("aggregate"), lower: try claim.double("lower"), upper: try claim.double("upper")))
    }
    return ExperimentInfo(
      id: try fields.string("id"), title: try fields.string("title"), summary: try fields.string("summary"), runs: runs,
      claims: claims)
  }

  /// A 64-bit FNV-1a digest of the encoded metadata: the run worker checks that the file it loads still describes
  /// the plugin the run was planned against.
  static func fingerprint(_ info: PluginInfo) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in encode(info).compactText.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
