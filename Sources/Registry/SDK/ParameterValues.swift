import CCatalogue

/// Validated parameter values, read by id through the host (the host checked kind and bounds already).
public struct ParameterValues: @unchecked Sendable {
  let host: HostServices
  let handle: OpaquePointer?

  /// Wraps the host's handle.
  public init(host: HostServices, handle: OpaquePointer?) {
    self.host = host
    self.handle = handle
  }

  /// A real parameter.
  public func real(_ id: String) throws -> Double {
    var out = 0.0
    try host.check(id.withCString { host.api.pointee.param_real(handle, $0, &out) }, "parameter \(id)")
    return out
  }

  /// An integer parameter.
  public func int(_ id: String) throws -> Int {
    var out: Int64 = 0
    try host.check(id.withCString { host.api.pointee.param_int(handle, $0, &out) }, "parameter \(id)")
    return Int(out)
  }

  /// A boolean parameter.
  public func bool(_ id: String) throws -> Bool {
    var out: Int32 = 0
    try host.check(id.withCString { host.api.pointee.param_bool(handle, $0, &out) }, "parameter \(id)")
    return out != 0
  }

  /// A choice or string parameter.
  public func string(_ id: String) throws -> String {
    var out: UnsafePointer<CChar>? = nil
    try host.check(id.withCString { host.api.pointee.param_string(handle, $0, &out) }, "parameter \(id)")
    return out.map { String(cString: $0) } ?? ""
  }
}
