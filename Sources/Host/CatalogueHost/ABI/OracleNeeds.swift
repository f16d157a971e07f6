import CCatalogue

/// Optional oracles an algorithm needs (`CAT_NEEDS_*`), checked against a problem instance before a run.
public struct OracleNeeds: OptionSet, Hashable, Sendable, Codable, CustomStringConvertible {
  /// The `needs` mask.
  public var rawValue: UInt32

  /// Wraps a `needs` mask.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// A finite sum with per-sample oracles.
  public static let samples = OracleNeeds(rawValue: UInt32(CAT_NEEDS_SAMPLES))
  /// Hessian-vector products.
  public static let hessianVector = OracleNeeds(rawValue: UInt32(CAT_NEEDS_HESSIAN_VECTOR))
  /// A manifold (non-NULL geometry).
  public static let geometry = OracleNeeds(rawValue: UInt32(CAT_NEEDS_GEOMETRY))
  /// A projection onto the feasible set.
  public static let projection = OracleNeeds(rawValue: UInt32(CAT_NEEDS_PROJECTION))
  /// Lower-level constraints of a bilevel problem.
  public static let constraints = OracleNeeds(rawValue: UInt32(CAT_NEEDS_CONSTRAINTS))
  /// The exact lower-level solution of a bilevel problem.
  public static let lowerSolution = OracleNeeds(rawValue: UInt32(CAT_NEEDS_LOWER_SOLUTION))
  /// Lower-level Hessian products of a bilevel problem.
  public static let lowerHessian = OracleNeeds(rawValue: UInt32(CAT_NEEDS_LOWER_HESSIAN))
  /// A Euclidean problem (NULL geometry).
  public static let euclidean = OracleNeeds(rawValue: UInt32(CAT_NEEDS_EUCLIDEAN))
  /// No constraints (bilevel lower-level constraints or an objective's projection).
  public static let unconstrained = OracleNeeds(rawValue: UInt32(CAT_NEEDS_UNCONSTRAINED))

  /// Every flag with its display name, in header order.
  public static let named: [(OracleNeeds, String)] = [
    (.samples, "samples"), (.hessianVector, "hessian-vector"), (.geometry, "geometry"),
    (.projection, "projection"), (.constraints, "constraints"), (.lowerSolution, "lower-solution"),
    (.lowerHessian, "lower-hessian"), (.euclidean, "euclidean"), (.unconstrained, "unconstrained"),
  ]

  /// Names of the flags set, for `info` and JSON.
  public var names: [String] {
    var names = Self.named.filter { contains($0.0) }.map(\.1)
    let unknown = rawValue & ~Self.named.reduce(0) { $0 | $1.0.rawValue }
    if unknown != 0 { names.append("unknown-0x\(String(unknown, radix: 16))") }
    return names
  }

  public var description: String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}
