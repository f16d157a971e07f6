import CCatalogue

/// The host's service table (`cat_host_api`) as a Swift value.
///
/// Plugins reach the host only through this table: error messages, parameter values, trace rows and results all
/// cross the ABI here, so the plugin never prints and never needs to know how the host stores or shows things.
public struct HostServices: @unchecked Sendable {
  /// The raw table, valid for the life of the process.
  public let api: UnsafePointer<cat_host_api>

  /// Wraps the host's table.
  public init(_ api: UnsafePointer<cat_host_api>) { self.api = api }

  /// The host's ABI minor version, to check before calling a service newer than 1.0.
  public var abiMinor: UInt32 { api.pointee.abi_minor }

  /// Sets the message that goes with the next non-OK status.
  public func setError(_ message: String) {
    message.withCString { api.pointee.set_error?($0) }
  }

  /// The message of the last error set on this thread (by any plugin), or "".
  public var lastError: String {
    guard let get = api.pointee.last_error, let text = get() else { return "" }
    return String(cString: text)
  }

  /// Runs `body` and converts a thrown error into a status code plus message, as every ABI entry must.
  @inline(__always)
  func guarded(_ body: () throws -> Void) -> cat_status {
    do {
      try body()
      return 0
    } catch let error as ForeignCallError {
      // The failing plugin already set the message; keep it.
      return error.status
    } catch let error as PluginError {
      setError(error.message)
      return error.status
    } catch {
      setError("\(error)")
      return PluginError.Code.internal.rawValue
    }
  }
}

/// A call into another plugin's table that failed; the callee already set the message through the host.
///
/// Kept apart from ``PluginError`` so the SDK passes the original message on instead of overwriting it.
public struct ForeignCallError: Error, Sendable, CustomStringConvertible {
  /// The callee's status.
  public var status: cat_status
  /// The callee's message, as read from the host.
  public var message: String
  /// Which operation failed (e.g. `gradient`), for context.
  public var operation: String

  public var description: String { "\(operation): \(message)" }
}

extension HostServices {
  /// Throws ``ForeignCallError`` when a foreign call returned a non-OK status.
  @inline(__always)
  func check(_ status: cat_status, _ operation: @autoclosure () -> String) throws {
    if status != 0 {
      throw ForeignCallError(status: status, message: lastError, operation: operation())
    }
  }
}
