import FoundationEssentials

/// Codable with the settings every JSON file the host reads or writes shares: sorted keys (so a document and its
/// fingerprint are deterministic), exact 64-bit integers and shortest round-trip doubles (Foundation's coders
/// keep both on Swift 6.3), and errors that name the field.
///
/// FoundationEssentials is already loaded by every `catalogue` process (ArgumentParser links it); the host uses
/// only its coders.
public enum JSONCoding {
  /// A document that could not be read or written, in one line naming the field.
  public struct Failure: Error, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. "no field 'algorithm.plugin.id'".
    public var description: String
  }

  /// How non-finite doubles are spelled. Internal documents (registry cache, scan reply, worker plan) carry
  /// infinite parameter bounds as the strings "inf", "-inf" and "nan"; `result.json` writes them as null and is
  /// read without the conversion, so a string parameter "inf" stays a string.
  public enum NonFinite: Sendable {
    /// As strings (internal documents).
    case strings
    /// Not allowed (`result.json`, `--json` output).
    case rejected
  }

  /// Encodes a value as compact JSON with sorted keys.
  public static func encode<Value: Encodable>(_ value: Value, nonFinite: NonFinite = .strings) throws(Failure)
    -> [UInt8]
  {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if nonFinite == .strings {
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }
    do {
      return Array(try encoder.encode(value))
    } catch {
      throw Failure(description: "cannot encode \(Value.self): \(error)")
    }
  }

  /// Decodes a value from JSON text.
  public static func decode<Value: Decodable>(
    _ type: Value.Type, from bytes: [UInt8], nonFinite: NonFinite = .strings
  ) throws(Failure) -> Value {
    let decoder = JSONDecoder()
    if nonFinite == .strings {
      decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }
    do {
      return try decoder.decode(type, from: Data(bytes))
    } catch let error as DecodingError {
      throw Failure(description: describe(error))
    } catch {
      throw Failure(description: "\(error)")
    }
  }

  /// One line for a decoding error, naming the field by its dotted path.
  private static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        .replacing(".[", with: "[")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "no field '\(path(context.codingPath + [key]))'"
    case .valueNotFound(_, let context):
      return "field '\(path(context.codingPath))' is null"
    case .typeMismatch(let type, let context):
      return "field '\(path(context.codingPath))' is not \(typeName(type))"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return "not valid JSON" }
      return "field '\(path(context.codingPath))' has an invalid value"
    @unknown default:
      return "\(error)"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is Double.Type: return "a number"
    case is Int64.Type, is Int.Type, is UInt64.Type, is UInt32.Type: return "an integer"
    default: return "of the expected type"
    }
  }
}
