/// The oracles of an objective problem, min f(x): the Swift face of `cat_objective_oracles`.
///
/// One protocol serves both sides of the ABI. A plugin author conforms a problem type to it and the SDK exports
/// it as a C table; an algorithm receives any plugin's problem (Swift, C or Rust) wrapped back into it. Sample
/// sets are indices of finite-sum terms to average; `nil` means the full objective.
public protocol ObjectiveFunction: Sendable {
  /// Doubles per point.
  var dimension: Int { get }
  /// Terms of a finite sum f = (1/n) Σ fᵢ, or 0.
  var sampleCount: Int { get }
  /// The manifold x lives on, or nil for ℝⁿ.
  var geometry: (any Geometry)? { get }
  /// Whether ``hessianVector(_:_:)`` is available.
  var hasHessianVector: Bool { get }
  /// Whether ``project(_:)`` is available (a constrained problem).
  var hasProjection: Bool { get }

  /// The instance's starting point.
  func initialPoint() throws -> [Double]
  /// f(x), or the average of fᵢ over `samples`.
  func value(_ x: [Double], samples: [Int]?) throws -> Double
  /// The Euclidean gradient and the value at x (over `samples` if given).
  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double])
  /// The Euclidean Hessian-vector product H(x)v.
  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double]
  /// Euclidean projection onto the feasible set.
  func project(_ x: [Double]) throws -> [Double]
}

extension ObjectiveFunction {
  public var sampleCount: Int { 0 }
  public var geometry: (any Geometry)? { nil }
  public var hasHessianVector: Bool { false }
  public var hasProjection: Bool { false }

  public func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    throw PluginError(.unsupported, "this problem has no Hessian-vector oracle")
  }

  public func project(_ x: [Double]) throws -> [Double] {
    throw PluginError(.unsupported, "this problem has no projection (it is unconstrained)")
  }

  /// The full value f(x).
  public func value(_ x: [Double]) throws -> Double { try value(x, samples: nil) }
  /// The full gradient and value at x.
  public func gradient(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
    try gradient(x, samples: nil)
  }
}

/// Rejects a sample set on a problem that is not a finite sum; problems call it first in their oracles.
public func requireNoSamples(_ samples: [Int]?, problem: String) throws {
  if samples != nil {
    throw PluginError(.unsupported, "problem \(problem) is not a finite sum: it takes no sample set")
  }
}
