import CCatalogue

/// The kind of a problem (`cat_problem_kind`): which oracle table its instances carry.
///
/// Kept as a raw-value struct rather than a closed enum so a plugin from a newer minor version with a kind this
/// host does not know still loads and lists (its kind prints as a number and no algorithm here accepts it).
public struct ProblemKind: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The `CAT_KIND_*` value.
  public var rawValue: UInt32

  /// Wraps a `CAT_KIND_*` value.
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// min f(x), optionally on a manifold or a constraint set.
  public static let objective = ProblemKind(rawValue: UInt32(CAT_KIND_OBJECTIVE))
  /// Bilevel optimisation.
  public static let bilevel = ProblemKind(rawValue: UInt32(CAT_KIND_BILEVEL))
  /// Sampling from exp(-h).
  public static let sampling = ProblemKind(rawValue: UInt32(CAT_KIND_SAMPLING))
  /// A sampler of in-context regression prompts.
  public static let regressionTasks = ProblemKind(rawValue: UInt32(CAT_KIND_REGRESSION_TASKS))
  /// A sampler of graphs.
  public static let graphs = ProblemKind(rawValue: UInt32(CAT_KIND_GRAPHS))

  /// The kinds of ABI 1.0, in header order.
  public static let known: [ProblemKind] = [.objective, .bilevel, .sampling, .regressionTasks, .graphs]

  /// The lower-case name used in tables, JSON and messages.
  public var description: String {
    switch self {
    case .objective: return "objective"
    case .bilevel: return "bilevel"
    case .sampling: return "sampling"
    case .regressionTasks: return "regression-tasks"
    case .graphs: return "graphs"
    default: return "kind-\(rawValue)"
    }
  }

  /// The kinds whose bits are set in an algorithm's `problem_kinds` mask (`CAT_KIND_BIT(kind)`).
  public static func kinds(inMask mask: UInt32) -> [ProblemKind] {
    (0..<32).filter { mask & (1 << $0) != 0 }.map { ProblemKind(rawValue: UInt32($0)) }
  }

  /// This kind's bit in a `problem_kinds` mask.
  public var maskBit: UInt32 { rawValue < 32 ? 1 << rawValue : 0 }

  public static func < (lhs: ProblemKind, rhs: ProblemKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
