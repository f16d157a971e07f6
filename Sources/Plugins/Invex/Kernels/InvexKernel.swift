/// A structured invexity kernel η with its step map S_x (spec §3.2, §4.1): the strategy object invex gradient
/// descent is parametrised by (spec §8.2 — invexity is a property of the pair (f, η), so η is injected, never
/// hard-wired into the method).
///
/// Every kernel also carries the metric G_x in which it is natural (identity, the manifold metric, or DφᵀDφ), so
/// the method can use either the Euclidean gradient ∇f or the metric gradient G_x⁻¹∇f (spec §4.2, §4.7).
protocol InvexKernel: Sendable {
  /// `k1`, `k2` or `k3`, for traces and messages.
  var name: String { get }
  /// S_x(v): the unique y with η(y, x) = v.
  func step(_ x: [Double], _ v: [Double]) throws -> [Double]
  /// η(y, x).
  func eta(_ y: [Double], _ x: [Double]) throws -> [Double]
  /// G_x⁻¹g: the gradient in the kernel's metric, from the Euclidean gradient g.
  func metricGradient(_ x: [Double], euclidean g: [Double]) throws -> [Double]
  /// ⟨v, v⟩ under G_x.
  func metricSquaredNorm(_ x: [Double], _ v: [Double]) throws -> Double
}
