import CCatalogue

/// The kinds of problem the ABI defines; an algorithm declares which it accepts.
public enum ProblemKind: UInt32, Sendable, CaseIterable {
  /// Minimise f(x), optionally on a manifold or a constraint set.
  case objective = 1
  /// Minimise f(x, y*(x)) where y*(x) minimises g(x, ·), optionally under constraints.
  case bilevel = 2
  /// Sample from exp(−h(x)) on a manifold.
  case sampling = 3
  /// In-context linear regression prompts.
  case regressionTasks = 4
  /// Graphs given by incidence matrices and edge resistances.
  case graphs = 5

  /// The kind's bit in `cat_algorithm_desc.problem_kinds`.
  var bit: UInt32 { 1 << rawValue }
}

/// Optional oracles an algorithm needs, checked by the host before it runs anything.
public struct Needs: OptionSet, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// A finite-sum problem (per-sample oracles).
  public static let samples = Needs(rawValue: 1 << 0)
  /// Hessian-vector products.
  public static let hessianVector = Needs(rawValue: 1 << 1)
  /// A manifold (non-nil geometry).
  public static let geometry = Needs(rawValue: 1 << 2)
  /// A projection onto the feasible set.
  public static let projection = Needs(rawValue: 1 << 3)
  /// Lower-level constraints of a bilevel problem.
  public static let constraints = Needs(rawValue: 1 << 4)
  /// The exact lower-level solution of a bilevel problem.
  public static let lowerSolution = Needs(rawValue: 1 << 5)
  /// Lower-level Hessian products of a bilevel problem.
  public static let lowerHessian = Needs(rawValue: 1 << 6)
  /// A Euclidean problem (no manifold).
  public static let euclidean = Needs(rawValue: 1 << 7)
  /// An unconstrained problem: no lower-level constraints, no projection.
  public static let unconstrained = Needs(rawValue: 1 << 8)
}

/// Why a run ended early on the method's own terms (see `Run.finish`).
public enum Termination: UInt32, Sendable {
  /// The method's own convergence criterion was met.
  case converged = 5
  /// A fixed schedule finished.
  case completed = 6
}
