/// Everything a plugin registers, as Swift values: the metadata `list` and `info` show and the registry searches.
///
/// These are plain values with no C pointers, so a later scanner child process can send them over a pipe and a
/// cache can store them.
public struct PluginInfo: Equatable, Sendable, Codable {
  /// Reverse-DNS-like id, e.g. "org.catalogue.baselines".
  public var id: String
  /// Display name.
  public var name: String
  /// Semantic version.
  public var version: SemanticVersion
  /// One line.
  public var summary: String
  /// SPDX license id.
  public var license: String
  /// The paper the plugin implements, if any.
  public var citation: Citation?
  /// ABI major version the plugin was built against.
  public var abiMajor: UInt32
  /// ABI minor version the plugin was built against.
  public var abiMinor: UInt32
  /// Its algorithms, in registration order.
  public var algorithms: [AlgorithmInfo]
  /// Its problems, in registration order.
  public var problems: [ProblemInfo]
  /// Its experiments, in registration order.
  public var experiments: [ExperimentInfo]

  /// Creates a plugin record.
  public init(
    id: String, name: String, version: SemanticVersion, summary: String, license: String, citation: Citation?,
    abiMajor: UInt32, abiMinor: UInt32, algorithms: [AlgorithmInfo], problems: [ProblemInfo],
    experiments: [ExperimentInfo]
  ) {
    self.id = id
    self.name = name
    self.version = version
    self.summary = summary
    self.license = license
    self.citation = citation
    self.abiMajor = abiMajor
    self.abiMinor = abiMinor
    self.algorithms = algorithms
    self.problems = problems
    self.experiments = experiments
  }

  /// Kinds the plugin deals in: those of its problems and those its algorithms accept, sorted.
  public var problemKinds: [ProblemKind] {
    Array(Set(problems.map(\.kind) + algorithms.flatMap(\.problemKinds))).sorted()
  }
}

extension PluginInfo {
  /// A 64-bit FNV-1a digest of the metadata's binary encoding (`CacheCodable`, every field in order): the run
  /// worker checks that the file it loads still describes the plugin the run was planned against. The binary form
  /// makes it cheap (tens of microseconds, where encoding JSON took about a millisecond per plugin).
  public var fingerprint: String {
    var writer = CacheWriter()
    write(to: &writer)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in writer.bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
