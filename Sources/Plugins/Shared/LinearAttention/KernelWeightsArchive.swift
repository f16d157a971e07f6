import CatalogueSDK

/// A trained kernel-attention transformer as a small text file: what `kernel-transformer` saves as `weights.txt`
/// and a later run evaluates (`-p weights=<run folder>/weights.txt`).
///
/// The same conventions as ``WeightsArchive`` (text a researcher can read, shortest round-trip doubles, so the same
/// bits come back), with the configuration line of this model family. Layout:
///
/// ```
/// catalogue-kernel-attention-weights 1
/// meta <key> <value>            (any number; values are single lines)
/// config <d> <n> <layers> <heads> <h> <softmax_axis> <scale_softmax_by_n: 0|1> <score_scale>
/// tensor <name> <rows> <cols> <values…>
/// ```
public struct KernelWeightsArchive: Sendable {
  /// Free-form facts about the run (algorithm, problem, seed, steps).
  public var metadata: [(key: String, value: String)]
  /// The trained model.
  public var model: KernelAttentionTransformer

  /// Creates an archive.
  public init(metadata: [(key: String, value: String)] = [], model: KernelAttentionTransformer) {
    self.metadata = metadata
    self.model = model
  }

  /// The first value stored under `key`.
  public func meta(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

  static let header = "catalogue-kernel-attention-weights 1"

  /// The text form.
  public func encoded() -> String {
    let c = model.configuration
    var lines = [Self.header]
    for (key, value) in metadata { lines.append("meta \(key) \(value)") }
    lines.append(
      "config \(c.featureDimension) \(c.contextLength) \(c.layers) \(c.heads) \(c.nonlinearity.rawValue) "
        + "\(c.softmaxAxis.rawValue) \(c.scaleSoftmaxByN ? 1 : 0) \(c.scoreScale)")
    for tensor in model.weights.tensors { lines.append(TensorText.line(tensor)) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The UTF-8 bytes of ``encoded()``, for `run.writeArtifact`.
  public var bytes: [UInt8] { Array(encoded().utf8) }

  /// Parses the text form; throws `.invalidArgument` naming the line that is wrong. The tensors must be exactly the
  /// layout of the configuration (checked by the model's initialiser).
  public static func decode(_ text: String) throws -> KernelWeightsArchive {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard lines.first == header else {
      throw PluginError(.invalidArgument, "not a kernel-attention weights file: the first line must be '\(header)'")
    }
    func bad(_ line: String) -> PluginError {
      PluginError(.invalidArgument, "weights file: cannot read line '\(line.prefix(60))'")
    }
    var metadata: [(key: String, value: String)] = []
    var configuration: KernelAttentionConfiguration?
    var tensors: [ParameterTensor] = []
    for line in lines.dropFirst() {
      let fields = line.split(separator: " ").map(String.init)
      switch fields.first {
      case "meta" where fields.count >= 2 && configuration == nil:
        metadata.append((fields[1], fields.count > 2 ? fields[2...].joined(separator: " ") : ""))
      case "config" where fields.count == 9 && configuration == nil:
        guard let d = Int(fields[1]), let n = Int(fields[2]), let layers = Int(fields[3]),
          let heads = Int(fields[4]), let h = AttentionNonlinearity(rawValue: fields[5]),
          let axis = SoftmaxAxis(rawValue: fields[6]), fields[7] == "0" || fields[7] == "1",
          let scale = Double(fields[8])
        else { throw bad(line) }
        let c = KernelAttentionConfiguration(
          featureDimension: d, contextLength: n, layers: layers, heads: heads, nonlinearity: h, softmaxAxis: axis,
          scaleSoftmaxByN: fields[7] == "1", scoreScale: scale)
        try c.validate()
        configuration = c
      case "tensor" where configuration != nil:
        guard let tensor = TensorText.tensor(fields) else { throw bad(line) }
        tensors.append(tensor)
      default:
        throw bad(line)
      }
    }
    guard let configuration else { throw PluginError(.invalidArgument, "weights file has no config line") }
    let model = try KernelAttentionTransformer(configuration: configuration, weights: ParameterSet(tensors))
    return KernelWeightsArchive(metadata: metadata, model: model)
  }

  /// Reads and decodes the file at `path`.
  public static func read(path: String) throws -> KernelWeightsArchive {
    try decode(TensorText.read(path: path, parameter: "weights"))
  }
}
