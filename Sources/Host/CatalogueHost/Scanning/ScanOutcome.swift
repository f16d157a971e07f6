/// What scanning one candidate file found, as plain data: the scanner child sends it to the host and the registry
/// cache stores it, so a failure is remembered with its reason until the file changes.
public enum ScanOutcome: Equatable, Sendable {
  /// A plugin and everything it registers.
  case plugin(PluginInfo)
  /// A shared library without the entry symbol. Reported as a failure where the user put it, skipped silently in
  /// the executable's folder (where SwiftPM puts other libraries).
  case notPlugin(String)
  /// It could not be used (not a library, crashed or hung while loading, declined, ABI mismatch, bad
  /// descriptors); the reason is one line.
  case failed(String)

  /// The outcome as JSON (the scanner's reply and a cache entry's result).
  var json: JSONValue {
    switch self {
    case .plugin(let info): return .object(["outcome": .string("plugin"), "plugin": PluginInfoCodec.encode(info)])
    case .notPlugin(let reason): return .object(["outcome": .string("not-plugin"), "reason": .string(reason)])
    case .failed(let reason): return .object(["outcome": .string("failed"), "reason": .string(reason)])
    }
  }

  /// Reads what `json` wrote.
  init(json: JSONValue) throws(JSONFields.Mismatch) {
    let fields = try JSONFields(json)
    switch try fields.string("outcome") {
    case "plugin":
      guard let plugin = fields.members["plugin"] else { throw JSONFields.Mismatch(field: "plugin") }
      self = .plugin(try PluginInfoCodec.decode(plugin))
    case "not-plugin": self = .notPlugin(try fields.string("reason"))
    case "failed": self = .failed(try fields.string("reason"))
    default: throw JSONFields.Mismatch(field: "outcome")
    }
  }
}
