import CatalogueSDK
import Glibc

/// Trained models as a small text file: what a training run saves with `run.writeArtifact` and a later run
/// evaluates (`-p weights=<run folder>/weights.txt`).
///
/// Text rather than binary so a researcher can read the learned preconditioners and γ's directly; every double is
/// written in Swift's shortest round-trip form, so reading gives back the same bits. Layout:
///
/// ```
/// catalogue-linear-attention-weights 1
/// meta <key> <value>            (any number; values are single lines)
/// model <label>
/// config <d> <n> <layers> <heads> <parametrisation> <blocks> <memory> <learn_step|gate_indexing> <gate_shape>
/// tensor <name> <rows> <cols> <values…>
/// end
/// ```
public struct WeightsArchive: Sendable {
  /// Free-form facts about the run (algorithm, problem, covariance, seed, steps).
  public var metadata: [(key: String, value: String)]
  /// The models with their labels (e.g. `l1` … `l4`).
  public var models: [(label: String, model: LinearTransformer)]

  /// Creates an archive.
  public init(metadata: [(key: String, value: String)] = [], models: [(label: String, model: LinearTransformer)]) {
    self.metadata = metadata
    self.models = models
  }

  /// The first value stored under `key`.
  public func meta(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

  static let header = "catalogue-linear-attention-weights 1"

  /// The text form.
  public func encoded() -> String {
    var lines = [Self.header]
    for (key, value) in metadata { lines.append("meta \(key) \(value)") }
    for (label, model) in models {
      let c = model.configuration
      var memory = ["none", "-", "-"]
      switch c.memory {
      case .none: break
      case .conjugate(let learnStep): memory = ["conjugate", learnStep ? "learn_step" : "fixed_step", "-"]
      case .lfom(let indexing, let shape): memory = ["lfom", indexing.rawValue, shape.rawValue]
      }
      lines.append("model \(label)")
      let fields =
        [
          "\(c.featureDimension)", "\(c.contextLength)", "\(c.layers)", "\(c.heads)", c.parametrisation.rawValue,
          c.blocks.rawValue,
        ] + memory
      lines.append("config " + fields.joined(separator: " "))
      for t in model.weights.tensors { lines.append(TensorText.line(t)) }
      lines.append("end")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Parses the text form; throws `.invalidArgument` naming the line that is wrong.
  public static func decode(_ text: String) throws -> WeightsArchive {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)[...]
    guard lines.first == header else {
      throw PluginError(.invalidArgument, "not a weights file: the first line must be '\(header)'")
    }
    lines = lines.dropFirst()
    var metadata: [(key: String, value: String)] = []
    var models: [(label: String, model: LinearTransformer)] = []
    var label: String?
    var configuration: TransformerConfiguration?
    var tensors: [ParameterTensor] = []
    func bad(_ line: String) -> PluginError {
      PluginError(.invalidArgument, "weights file: cannot read line '\(line.prefix(60))'")
    }
    for line in lines {
      let fields = line.split(separator: " ").map(String.init)
      switch fields.first {
      case "meta" where fields.count >= 2 && label == nil:
        let value = fields.count > 2 ? fields[2...].joined(separator: " ") : ""
        metadata.append((fields[1], value))
      case "model" where fields.count == 2 && label == nil:
        label = fields[1]
      case "config" where fields.count == 10 && label != nil:
        configuration = try parseConfiguration(Array(fields[1...]), line: line)
      case "tensor" where configuration != nil:
        guard let tensor = TensorText.tensor(fields) else { throw bad(line) }
        tensors.append(tensor)
      case "end" where configuration != nil:
        let model = try LinearTransformer(configuration: configuration!, weights: ParameterSet(tensors))
        models.append((label!, model))
        label = nil
        configuration = nil
        tensors = []
      default:
        throw bad(line)
      }
    }
    guard label == nil else { throw PluginError(.invalidArgument, "weights file ends inside model '\(label!)'") }
    guard !models.isEmpty else { throw PluginError(.invalidArgument, "weights file holds no model") }
    return WeightsArchive(metadata: metadata, models: models)
  }

  private static func parseConfiguration(_ f: [String], line: String) throws -> TransformerConfiguration {
    guard let d = Int(f[0]), let n = Int(f[1]), let layers = Int(f[2]), let heads = Int(f[3]),
      let parametrisation = AttentionParametrisation(rawValue: f[4]), let blocks = BlockShape(rawValue: f[5])
    else { throw PluginError(.invalidArgument, "weights file: bad config line '\(line)'") }
    let memory: MemoryKind
    switch f[6] {
    case "none": memory = .none
    case "conjugate": memory = .conjugate(learnStep: f[7] == "learn_step")
    case "lfom":
      guard let indexing = GateIndexing(rawValue: f[7]), let shape = GateShape(rawValue: f[8]) else {
        throw PluginError(.invalidArgument, "weights file: bad gate settings in '\(line)'")
      }
      memory = .lfom(indexing: indexing, shape: shape)
    default: throw PluginError(.invalidArgument, "weights file: unknown memory '\(f[6])'")
    }
    let configuration = TransformerConfiguration(
      featureDimension: d, contextLength: n, layers: layers, heads: heads, parametrisation: parametrisation,
      blocks: blocks, memory: memory)
    try configuration.validate()
    return configuration
  }

  /// The UTF-8 bytes of ``encoded()``, for `run.writeArtifact`.
  public var bytes: [UInt8] { Array(encoded().utf8) }

  /// Reads and decodes the file at `path`.
  public static func read(path: String) throws -> WeightsArchive {
    try decode(TensorText.read(path: path, parameter: "weights"))
  }
}
