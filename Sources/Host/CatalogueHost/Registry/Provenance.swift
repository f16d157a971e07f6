import CCatalogue

/// How faithful an algorithm is to its paper (`cat_provenance`), shown by `info` so nobody mistakes a
/// reconstruction for a verified implementation.
public struct Provenance: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// The `CAT_PROVENANCE_*` value.
  public var rawValue: UInt32

  /// Wraps a `CAT_PROVENANCE_*` value.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Checked against the paper's equations or its official code.
  public static let verified = Provenance(rawValue: UInt32(CAT_PROVENANCE_VERIFIED))
  /// Derived from the paper's claims and its parent method.
  public static let reconstructed = Provenance(rawValue: UInt32(CAT_PROVENANCE_RECONSTRUCTED))
  /// A textbook method checked against known answers.
  public static let standard = Provenance(rawValue: UInt32(CAT_PROVENANCE_STANDARD))

  public var description: String {
    switch self {
    case .verified: return "verified"
    case .reconstructed: return "reconstructed"
    case .standard: return "standard"
    default: return "unknown-\(rawValue)"
    }
  }
}
