import CCatalogue

/// A value the registry cache stores in its binary form: fields in declaration order, no keys, no text parsing.
///
/// The cache is read by every `catalogue` command that looks plugins up, so reading it is start-up time: decoding
/// the same metadata with Foundation's JSONDecoder took ~14 ms of a 23–30 ms warm `catalogue list` (CPU time, 12
/// plugins); this form reads in about a millisecond. The layout has no schema of its own: it is valid for one
/// `RegistryCache.format` and one host version (the cache's header checks both). A field added to one of the types
/// below must be added here too: Tests/CatalogueHostTests/RegistryCacheTests.swift round-trips a sample that sets
/// every field of today's types to a non-default value and compares it field by field and by its JSON encoding.
protocol CacheCodable {
  /// Appends the value.
  func write(to writer: inout CacheWriter)
  /// Reads a value `write` wrote.
  init(from reader: inout CacheReader) throws(CacheReader.Damaged)
}

extension ScanOutcome: CacheCodable {
  func write(to writer: inout CacheWriter) {
    switch self {
    case .plugin(let info):
      writer.u8(0)
      info.write(to: &writer)
    case .notPlugin(let reason):
      writer.u8(1)
      writer.string(reason)
    case .failed(let reason):
      writer.u8(2)
      writer.string(reason)
    }
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    switch try reader.u8() {
    case 0: self = .plugin(try PluginInfo(from: &reader))
    case 1: self = .notPlugin(try reader.string())
    case 2: self = .failed(try reader.string())
    default: throw CacheReader.Damaged()
    }
  }
}

extension PluginInfo: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.string(name)
    version.write(to: &writer)
    writer.string(summary)
    writer.string(license)
    writer.bool(citation != nil)
    citation?.write(to: &writer)
    writer.u32(abiMajor)
    writer.u32(abiMinor)
    writer.array(algorithms)
    writer.array(problems)
    writer.array(experiments)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      id: try reader.string(), name: try reader.string(), version: try SemanticVersion(from: &reader),
      summary: try reader.string(), license: try reader.string(),
      citation: try reader.bool() ? try Citation(from: &reader) : nil, abiMajor: try reader.u32(),
      abiMinor: try reader.u32(), algorithms: try reader.array(), problems: try reader.array(),
      experiments: try reader.array())
  }
}

extension SemanticVersion: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.u64(major)
    writer.u64(minor)
    writer.u64(patch)
    writer.strings(prerelease)
    writer.string(build)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      try reader.u64(), try reader.u64(), try reader.u64(), prerelease: try reader.strings(),
      build: try reader.string())
  }
}

extension Citation: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.u32(year)
    writer.string(authors)
    writer.string(title)
    writer.string(venue)
    writer.optional(arxivID)
    writer.optional(url)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      year: try reader.u32(), authors: try reader.string(), title: try reader.string(), venue: try reader.string(),
      arxivID: try reader.optional(), url: try reader.optional())
  }
}

extension AlgorithmInfo: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.string(name)
    writer.string(summary)
    writer.u32(provenance.rawValue)
    writer.string(provenanceNote)
    writer.bool(citation != nil)
    citation?.write(to: &writer)
    writer.u32(UInt32(problemKinds.count))
    for kind in problemKinds { writer.u32(kind.rawValue) }
    writer.u32(needs.rawValue)
    writer.optional(defaultProblem)
    writer.u64(defaultMaxIters)
    writer.detail { $0.array(parameters) }
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    let id = try reader.string()
    let name = try reader.string()
    let summary = try reader.string()
    let provenance = Provenance(rawValue: try reader.u32())
    let provenanceNote = try reader.string()
    let citation = try reader.bool() ? try Citation(from: &reader) : nil
    let kindCount = Int(try reader.u32())
    var kinds: [ProblemKind] = []
    for _ in 0..<min(kindCount, 64) { kinds.append(ProblemKind(rawValue: try reader.u32())) }
    guard kinds.count == kindCount else { throw CacheReader.Damaged() }
    self.init(
      id: id, name: name, summary: summary, provenance: provenance, provenanceNote: provenanceNote,
      citation: citation, problemKinds: kinds, needs: OracleNeeds(rawValue: try reader.u32()),
      defaultProblem: try reader.optional(), defaultMaxIters: try reader.u64(),
      parameters: try reader.detail(empty: []) { reader throws(CacheReader.Damaged) in try reader.array() })
  }
}

extension ProblemInfo: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.string(name)
    writer.string(summary)
    writer.u32(kind.rawValue)
    writer.detail { $0.array(parameters) }
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      id: try reader.string(), name: try reader.string(), summary: try reader.string(),
      kind: ProblemKind(rawValue: try reader.u32()),
      parameters: try reader.detail(empty: []) { reader throws(CacheReader.Damaged) in try reader.array() })
  }
}

extension ParameterSpec: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.string(kind.rawValue)
    writer.string(help)
    writer.optional(unit)
    defaultValue.write(to: &writer)
    writer.f64(minReal)
    writer.f64(maxReal)
    writer.i64(minInt)
    writer.i64(maxInt)
    writer.bool(minExclusive)
    writer.bool(maxExclusive)
    writer.bool(logScale)
    writer.strings(choices)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    let id = try reader.string()
    guard let kind = Kind(rawValue: try reader.string()) else { throw CacheReader.Damaged() }
    self.init(
      id: id, kind: kind, help: try reader.string(), unit: try reader.optional(),
      defaultValue: try ParameterValue(from: &reader), minReal: try reader.f64(), maxReal: try reader.f64(),
      minInt: try reader.i64(), maxInt: try reader.i64(), minExclusive: try reader.bool(),
      maxExclusive: try reader.bool(), logScale: try reader.bool(), choices: try reader.strings())
  }
}

extension ParameterValue: CacheCodable {
  func write(to writer: inout CacheWriter) {
    switch self {
    case .real(let value):
      writer.u8(0)
      writer.f64(value)
    case .int(let value):
      writer.u8(1)
      writer.i64(value)
    case .bool(let value):
      writer.u8(2)
      writer.bool(value)
    case .string(let value):
      writer.u8(3)
      writer.string(value)
    }
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    switch try reader.u8() {
    case 0: self = .real(try reader.f64())
    case 1: self = .int(try reader.i64())
    case 2: self = .bool(try reader.bool())
    case 3: self = .string(try reader.string())
    default: throw CacheReader.Damaged()
    }
  }
}

extension ExperimentInfo: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.string(title)
    writer.string(summary)
    writer.detail {
      $0.array(runs)
      $0.array(claims)
    }
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    let id = try reader.string()
    let title = try reader.string()
    let summary = try reader.string()
    let (runs, claims) = try reader.detail(empty: ([], [])) { reader throws(CacheReader.Damaged) in
      (try reader.array(RunGroup.self), try reader.array(Claim.self))
    }
    self.init(id: id, title: title, summary: summary, runs: runs, claims: claims)
  }
}

extension ExperimentInfo.RunGroup: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(label)
    writer.string(algorithm)
    writer.optional(problem)
    writer.optional(algorithmParameters)
    writer.optional(problemParameters)
    writer.u64(firstSeed)
    writer.u32(seedCount)
    writer.u64(maxIters)
    writer.u32(quickSeedCount)
    writer.u64(quickMaxIters)
    writer.bool(fullOnly)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      label: try reader.string(), algorithm: try reader.string(), problem: try reader.optional(),
      algorithmParameters: try reader.optional(), problemParameters: try reader.optional(),
      firstSeed: try reader.u64(), seedCount: try reader.u32(), maxIters: try reader.u64(),
      quickSeedCount: try reader.u32(), quickMaxIters: try reader.u64(), fullOnly: try reader.bool())
  }
}

extension ExperimentInfo.Claim: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(id)
    writer.u32(kind)
    writer.string(statement)
    writer.string(run)
    writer.optional(otherRun)
    writer.string(metric)
    writer.u32(aggregate)
    writer.f64(lower)
    writer.f64(upper)
    writer.bool(fullOnly)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      id: try reader.string(), kind: try reader.u32(), statement: try reader.string(), run: try reader.string(),
      otherRun: try reader.optional(), metric: try reader.string(), aggregate: try reader.u32(),
      lower: try reader.f64(), upper: try reader.f64(), fullOnly: try reader.bool())
  }
}

extension FileIdentity: CacheCodable {
  func write(to writer: inout CacheWriter) {
    writer.string(realPath)
    writer.i64(size)
    writer.i64(modifiedSeconds)
    writer.i64(modifiedNanoseconds)
    writer.u64(inode)
  }

  init(from reader: inout CacheReader) throws(CacheReader.Damaged) {
    self.init(
      realPath: try reader.string(), size: try reader.i64(), modifiedSeconds: try reader.i64(),
      modifiedNanoseconds: try reader.i64(), inode: try reader.u64())
  }
}
