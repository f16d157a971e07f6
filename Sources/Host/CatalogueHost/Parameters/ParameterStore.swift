import CCatalogue
import Glibc

/// The host object behind an opaque `cat_params` pointer: validated values a plugin reads by id.
///
/// Strings are kept as C strings owned by the store, so the pointer `param_string` hands out stays valid as long
/// as the store (the header promises "as long as `params`"); the run driver keeps stores alive until the problem
/// instance is destroyed.
public final class ParameterStore {
  /// How messages name the owner ("gd", "problem quadratic").
  public let owner: String
  private var values: [String: (kind: ParameterSpec.Kind, value: ParameterValue)] = [:]
  private var cStrings: [String: UnsafeMutablePointer<CChar>] = [:]

  /// Stores resolved values with the kinds of their schema.
  public init(owner: ParameterOwner, resolved: ResolvedParameters) {
    self.owner = owner.label
    for entry in resolved.entries {
      guard let spec = owner.spec(entry.id) else { continue }
      values[entry.id] = (spec.kind, entry.value)
      if case .string(let text) = entry.value { cStrings[entry.id] = strdup(text) }
    }
  }

  deinit {
    for pointer in cStrings.values { free(pointer) }
  }

  /// The opaque pointer handed to plugins; valid while this store is alive.
  public var opaquePointer: OpaquePointer {
    OpaquePointer(Unmanaged.passUnretained(self).toOpaque())
  }

  /// The store behind a pointer a plugin passed back.
  static func from(_ pointer: OpaquePointer?) -> ParameterStore? {
    pointer.map { Unmanaged<ParameterStore>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
  }

  /// Looks a value up for a typed accessor; the failure message names the id and the kind actually declared.
  func lookup(_ id: UnsafePointer<CChar>?, accepting kinds: [ParameterSpec.Kind]) -> Result<
    (String, ParameterValue), ParameterStoreFailure
  > {
    guard let id else { return .failure(ParameterStoreFailure(message: "parameter id is NULL")) }
    let key = String(cString: id)
    guard let entry = values[key] else {
      let known = values.keys.sorted().joined(separator: ", ")
      return .failure(ParameterStoreFailure(message: "\(owner) has no parameter '\(key)' (parameters: \(known))"))
    }
    guard kinds.contains(entry.kind) else {
      let wanted = kinds.map(\.rawValue).joined(separator: " or ")
      return .failure(
        ParameterStoreFailure(message: "parameter '\(key)' of \(owner) is a \(entry.kind.rawValue), not a \(wanted)"))
    }
    return .success((key, entry.value))
  }

  /// The C string of a string or choice parameter.
  func cString(_ key: String) -> UnsafePointer<CChar>? {
    cStrings[key].map { UnsafePointer($0) }
  }
}

/// Why a parameter read failed; set as the plugin's error message.
struct ParameterStoreFailure: Error {
  var message: String
}
