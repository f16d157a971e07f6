import CatalogueSDK
import Glibc
import LinearAttention

/// A trained graph transformer as a text file (the `weights.txt` artifact), read back by `-p weights=…`.
///
/// The layout follows the linear-attention module's ``WeightsArchive`` (whose `config` line is specific to
/// in-context regression models): shortest round-trip doubles, so reading gives back the same bits.
///
/// ```
/// catalogue-graph-transformer-weights 1
/// meta <key> <value>
/// config <layout> <nodes> <edges> <demands> <layers> <mask> <normalise 0|1>
/// tensor <name> <rows> <cols> <values…>
/// ```
///
/// An eigenvector model's learned Φ₀ is the last tensor, `Phi0` (n × 2k).
struct GraphTransformerArchive: Sendable {
  var metadata: [(key: String, value: String)]
  var model: GraphTransformer

  static let header = "catalogue-graph-transformer-weights 1"

  /// The first value stored under `key`.
  func meta(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

  /// The text form.
  func encoded() -> String {
    let c = model.configuration
    var lines = [Self.header]
    for (key, value) in metadata { lines.append("meta \(key) \(value)") }
    lines.append(
      "config \(c.layout.rawValue) \(c.nodes) \(c.edges) \(c.demands) \(c.layers) \(c.mask.rawValue) "
        + (c.normalise ? "1" : "0"))
    for t in model.weights.tensors {
      lines.append("tensor \(t.name) \(t.rows) \(t.cols) " + t.values.map { "\($0)" }.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Parses the text form; throws `.invalidArgument` naming the bad line.
  static func decode(_ text: String) throws -> GraphTransformerArchive {
    let lines = text.split(separator: "\n").map(String.init)
    guard lines.first == header else {
      throw PluginError(.invalidArgument, "not a graph-transformer weights file: the first line must be '\(header)'")
    }
    var metadata: [(key: String, value: String)] = []
    var configuration: GraphTransformerConfiguration?
    var tensors: [ParameterTensor] = []
    func bad(_ line: String) -> PluginError {
      PluginError(.invalidArgument, "weights file: cannot read line '\(line.prefix(60))'")
    }
    for line in lines.dropFirst() {
      let f = line.split(separator: " ").map(String.init)
      switch f.first {
      case "meta" where f.count >= 2:
        metadata.append((f[1], f.count > 2 ? f[2...].joined(separator: " ") : ""))
      case "config" where f.count == 8:
        guard let layout = TokenLayout(rawValue: f[1]), let n = Int(f[2]), let d = Int(f[3]), let k = Int(f[4]),
          let layers = Int(f[5]), let mask = WeightMask(rawValue: f[6])
        else { throw bad(line) }
        configuration = GraphTransformerConfiguration(
          layout: layout, nodes: n, edges: d, demands: k, layers: layers, mask: mask, normalise: f[7] == "1")
      case "tensor" where f.count >= 4:
        guard let rows = Int(f[2]), let cols = Int(f[3]), f.count == 4 + rows * cols else { throw bad(line) }
        tensors.append(
          ParameterTensor(
            name: f[1], rows: rows, cols: cols,
            values: try f[4...].map {
              guard let v = Double($0) else { throw bad(line) }
              return v
            }))
      default:
        throw bad(line)
      }
    }
    guard var configuration else { throw PluginError(.invalidArgument, "weights file has no config line") }
    configuration.learnedInitial = tensors.last?.name == GraphTransformer.initialName
    return GraphTransformerArchive(
      metadata: metadata, model: try GraphTransformer(configuration: configuration, weights: ParameterSet(tensors)))
  }

  /// Reads and decodes the file at `path`.
  static func read(path: String) throws -> GraphTransformerArchive {
    guard let file = fopen(path, "rb") else {
      throw PluginError(.invalidArgument, "weights: cannot open '\(path)'; give the weights.txt of a training run")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if read == 0 { break }
      bytes += chunk[0..<read]
    }
    return try decode(String(decoding: bytes, as: UTF8.self))
  }
}
