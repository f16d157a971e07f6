import CCatalogue

/// Oracle calls of one run, by kind (`cat_oracle`): the cost measure that makes methods comparable.
///
/// All five counters are always trace columns, in this order, so the header of `trace.csv` depends only on the
/// algorithm's declared columns and two runs can be compared column by column.
public struct OracleCounters: Equatable, Hashable, Sendable {
  /// Value evaluations (f, g, h, potential).
  public var value: UInt64 = 0
  /// Full gradients.
  public var gradient: UInt64 = 0
  /// Per-sample gradients (one per sample in a sample set).
  public var sampleGradient: UInt64 = 0
  /// Hessian-vector products.
  public var hessianVector: UInt64 = 0
  /// Steps of an inner solver.
  public var innerStep: UInt64 = 0

  /// Zero counters.
  public init() {}

  /// Trace column names, in `cat_oracle` order.
  public static let columnNames = ["n_value", "n_grad", "n_sample_grad", "n_hvp", "n_inner"]

  /// The counters in `cat_oracle` order.
  public var values: [UInt64] { [value, gradient, sampleGradient, hessianVector, innerStep] }

  /// Adds to the counter of a `CAT_ORACLE_*` kind; false for an unknown kind.
  @discardableResult
  public mutating func add(_ kind: cat_oracle, _ count: UInt64) -> Bool {
    switch Int(kind) {
    case CAT_ORACLE_VALUE: value &+= count
    case CAT_ORACLE_GRADIENT: gradient &+= count
    case CAT_ORACLE_SAMPLE_GRADIENT: sampleGradient &+= count
    case CAT_ORACLE_HESSIAN_VECTOR: hessianVector &+= count
    case CAT_ORACLE_INNER_STEP: innerStep &+= count
    default: return false
    }
    return true
  }

  /// The counters as a JSON object keyed by column name.
  public var json: JSONValue {
    .object(Dictionary(uniqueKeysWithValues: zip(Self.columnNames, values.map { JSONValue.unsigned($0) })))
  }
}
