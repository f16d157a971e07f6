import CCatalogue

/// Validated parameter values, read by id.
///
/// In a run they come from the host, which has already checked kind and bounds. For a plugin's own unit tests,
/// ``init(defaultsOf:overriding:)`` builds them from the declared schema without a host.
public struct ParameterValues: @unchecked Sendable {
  /// One locally held value.
  public enum Value: Sendable, Equatable {
    case real(Double)
    case int(Int)
    case bool(Bool)
    case string(String)
  }

  private enum Storage {
    case host(HostServices, OpaquePointer?)
    case local([String: Value])
  }

  private let storage: Storage

  /// Wraps the host's handle.
  public init(host: HostServices, handle: OpaquePointer?) {
    storage = .host(host, handle)
  }

  /// The schema's defaults with some values replaced: for tests and tools that run plugin code directly.
  public init(defaultsOf parameters: [Parameter], overriding overrides: [String: Value] = [:]) {
    var values: [String: Value] = [:]
    for parameter in parameters {
      switch parameter.kind {
      case .real(let value, _, _, _, _): values[parameter.id] = .real(value)
      case .int(let value, _, _): values[parameter.id] = .int(value)
      case .bool(let value): values[parameter.id] = .bool(value)
      case .choice(let value, _), .string(let value): values[parameter.id] = .string(value)
      }
    }
    values.merge(overrides) { _, new in new }
    storage = .local(values)
  }

  private func local(_ id: String) throws -> Value {
    guard case .local(let values) = storage, let value = values[id] else {
      throw PluginError(.invalidArgument, "no parameter '\(id)'")
    }
    return value
  }

  private func kindError(_ id: String, _ kind: String) -> PluginError {
    PluginError(.invalidArgument, "parameter '\(id)' is not \(kind)")
  }

  /// A real parameter.
  public func real(_ id: String) throws -> Double {
    if case .host(let host, let handle) = storage {
      var out = 0.0
      try host.check(id.withCString { host.api.pointee.param_real(handle, $0, &out) }, "parameter \(id)")
      return out
    }
    guard case .real(let value) = try local(id) else { throw kindError(id, "real") }
    return value
  }

  /// An integer parameter.
  public func int(_ id: String) throws -> Int {
    if case .host(let host, let handle) = storage {
      var out: Int64 = 0
      try host.check(id.withCString { host.api.pointee.param_int(handle, $0, &out) }, "parameter \(id)")
      return Int(out)
    }
    guard case .int(let value) = try local(id) else { throw kindError(id, "an integer") }
    return value
  }

  /// A boolean parameter.
  public func bool(_ id: String) throws -> Bool {
    if case .host(let host, let handle) = storage {
      var out: Int32 = 0
      try host.check(id.withCString { host.api.pointee.param_bool(handle, $0, &out) }, "parameter \(id)")
      return out != 0
    }
    guard case .bool(let value) = try local(id) else { throw kindError(id, "a boolean") }
    return value
  }

  /// A choice or string parameter.
  public func string(_ id: String) throws -> String {
    if case .host(let host, let handle) = storage {
      var out: UnsafePointer<CChar>? = nil
      try host.check(id.withCString { host.api.pointee.param_string(handle, $0, &out) }, "parameter \(id)")
      return out.map { String(cString: $0) } ?? ""
    }
    guard case .string(let value) = try local(id) else { throw kindError(id, "a string") }
    return value
  }
}
