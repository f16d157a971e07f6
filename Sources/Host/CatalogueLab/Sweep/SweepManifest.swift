import CatalogueHost
import FoundationEssentials

/// `DIR/sweep.json`: the expanded plan as the workers and `--collect` read it back.
///
/// Written when a sweep starts (atomically, replacing an older one only if the spec still expands to the same
/// runs), so a Slurm task, a shard on another machine or a later `--collect` need neither the spec nor the
/// plugins to know what each run is. Codable, like every internal document of the host.
public struct SweepManifest: Codable, Equatable, Sendable {
  /// One run.
  public struct Run: Codable, Equatable, Sendable {
    /// Stable id (its folder is `runs/<id>`).
    public var id: String
    /// Configuration label.
    public var label: String
    /// The seed.
    public var seed: UInt64
    /// The arguments of `catalogue` that do the run (`run ALGO --problem P -p … --out FOLDER`).
    public var arguments: [String]
  }

  /// Bumped when the layout changes.
  public var formatVersion: Int
  /// The sweep's name.
  public var name: String
  /// Configuration labels in order.
  public var labels: [String]
  /// Every run of the plan, in plan order.
  public var runs: [Run]

  /// The layout this host writes.
  public static let currentFormat = 1

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format_version"
    case name, labels, runs
  }

  /// The manifest of a plan; `discovery` are the `--plugin-path` options workers need to find the plugins.
  public init(_ plan: SweepPlan, discovery: [String]) {
    self.init(name: plan.spec.name, labels: plan.labels, entries: plan.entries, discovery: discovery)
  }

  /// The manifest of any batch of runs (a sweep, a comparison, an experiment).
  public init(name: String, labels: [String], entries: [SweepPlan.Entry], discovery: [String]) {
    formatVersion = Self.currentFormat
    self.name = name
    self.labels = labels
    runs = entries.map { entry in
      Run(
        id: entry.id, label: entry.label, seed: entry.run.seed,
        arguments: entry.run.job(discovery: discovery).arguments)
    }
  }

  /// Reads `sweep.json`.
  public init(contentsOf path: String) throws(CatalogueError) {
    let text = try FileSystem.readText(path)
    do {
      self = try JSONDecoder().decode(SweepManifest.self, from: Data(text.utf8))
    } catch {
      throw .usage("\(path) is not a sweep manifest (\(error)); run the sweep again to rewrite it")
    }
    guard formatVersion == Self.currentFormat else {
      throw .usage(
        "\(path) has manifest format \(formatVersion), this catalogue reads \(Self.currentFormat); run the sweep again")
    }
  }

  /// Writes it atomically.
  public func write(to path: String) throws(CatalogueError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data: Data
    do {
      data = try encoder.encode(self)
    } catch {
      throw .runFailed("cannot encode the sweep manifest: \(error)")
    }
    try FileSystem.writeAtomically([UInt8](data) + [UInt8(ascii: "\n")], to: path)
  }

  /// The run folder of a run (the value after `--out`).
  public func folder(of run: Run) -> String {
    guard let index = run.arguments.firstIndex(of: "--out"), index + 1 < run.arguments.count else { return "" }
    return run.arguments[index + 1]
  }
}
