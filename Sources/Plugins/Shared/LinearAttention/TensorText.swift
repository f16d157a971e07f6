import CatalogueSDK
import Glibc

/// The text pieces every weights file of this module shares: one `tensor` line per named tensor, and reading a
/// whole file.
///
/// Doubles are written in Swift's shortest round-trip form, so a file read back gives the same bits.
enum TensorText {
  /// `tensor <name> <rows> <cols> <values…>`.
  static func line(_ tensor: ParameterTensor) -> String {
    "tensor \(tensor.name) \(tensor.rows) \(tensor.cols) " + tensor.values.map { "\($0)" }.joined(separator: " ")
  }

  /// Parses the fields of a `tensor` line (the first field is "tensor"); nil when they do not form one.
  static func tensor(_ fields: [String]) -> ParameterTensor? {
    guard fields.count >= 4, fields[0] == "tensor", let rows = Int(fields[2]), let cols = Int(fields[3]),
      rows >= 0, cols >= 0, fields.count == 4 + rows * cols
    else { return nil }
    var values: [Double] = []
    values.reserveCapacity(rows * cols)
    for field in fields[4...] {
      guard let value = Double(field) else { return nil }
      values.append(value)
    }
    return ParameterTensor(name: fields[1], rows: rows, cols: cols, values: values)
  }

  /// The text of the file at `path`; the errors name the parameter that gave the path.
  static func read(path: String, parameter: String) throws -> String {
    guard let file = fopen(path, "rb") else {
      throw PluginError(
        .invalidArgument, "\(parameter): cannot open '\(path)'; give the weights.txt of a training run")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if read == 0 { break }
      bytes += chunk[0..<read]
    }
    guard ferror(file) == 0 else { throw PluginError(.invalidArgument, "\(parameter): error reading '\(path)'") }
    return String(decoding: bytes, as: UTF8.self)
  }
}
