/// The form of a bilevel problem's lower-level constraints h(x, y).
public enum ConstraintForm: UInt32, Sendable {
  /// No constraints.
  case none = 0
  /// h(x, y) = 0.
  case equality = 1
  /// h(x, y) ≤ 0.
  case inequality = 2
}

/// The oracles of a bilevel problem min_x f(x, y*(x)), y*(x) = argmin_y g(x, y) [s.t. h(x, y) ≤ 0 or = 0]: the
/// Swift face of `cat_bilevel_oracles`. Gradients are Euclidean partial gradients; algorithms on manifolds convert
/// them with ``Geometry/riemannianGradient(_:euclidean:)``.
public protocol BilevelProblem: Sendable {
  /// Doubles per upper-level point x.
  var dimensionX: Int { get }
  /// Doubles per lower-level point y.
  var dimensionY: Int { get }
  /// Finite-sum terms of f, or 0.
  var upperSampleCount: Int { get }
  /// Finite-sum terms of g, or 0.
  var lowerSampleCount: Int { get }
  /// The manifold of x, or nil for Euclidean.
  var geometryX: (any Geometry)? { get }
  /// The manifold of y, or nil for Euclidean.
  var geometryY: (any Geometry)? { get }
  /// The constraint form and the number m of constraint rows.
  var constraintForm: ConstraintForm { get }
  /// Number of constraint rows m (0 if none).
  var constraintCount: Int { get }
  /// Whether ``lowerSolution(_:)`` is available.
  var hasLowerSolution: Bool { get }
  /// Whether the lower-level Hessian products are available.
  var hasLowerHessian: Bool { get }
  /// Whether ``lowerHessianYYMatrix(_:_:into:)`` is available (ABI 1.2): the problem holds ∇²_yy g as a matrix.
  var hasLowerHessianMatrix: Bool { get }

  /// Starting points.
  func initialPoint() throws -> (x: [Double], y: [Double])
  /// f(x, y) over `samples`.
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double
  /// ∇ₓf and ∇_y f.
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double])
  /// The partial gradients of f that `parts` asks for; a part not asked for may be returned empty.
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  )
  /// g(x, y) over `samples`.
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double
  /// ∇ₓg and ∇_y g.
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double])
  /// The partial gradients of g that `parts` asks for; a part not asked for may be returned empty.
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  )
  /// h(x, y) (m values) and its Jacobians in y (m × dim_y) and x (m × dim_x), column-major.
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double])
  /// The exact y*(x) and its multipliers (m values).
  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double])
  /// ∇²_yy g · v.
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double]
  /// ∇²_xy g · v for v ∈ ℝ^dim_y (result in ℝ^dim_x).
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double]
  /// ∇²_yy g(x, y) as a dense symmetric dim_y × dim_y matrix, column-major, written into `out` (dim_y² doubles):
  /// column j equals ``lowerHessianYY(_:_:_:)`` with the coordinate vector eⱼ. ABI 1.2, optional (default: absent,
  /// and callers assemble the matrix from dim_y products); written straight into the caller's buffer because at
  /// dim_y = 1000 it is 8 MB. The host counts one call as dim_y Hessian-vector products.
  func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws
}

extension BilevelProblem {
  public var upperSampleCount: Int { 0 }
  public var lowerSampleCount: Int { 0 }
  public var geometryX: (any Geometry)? { nil }
  public var geometryY: (any Geometry)? { nil }
  public var constraintForm: ConstraintForm { .none }
  public var constraintCount: Int { 0 }
  public var hasLowerSolution: Bool { false }
  public var hasLowerHessian: Bool { false }
  public var hasLowerHessianMatrix: Bool { false }

  /// Both parts, for problems whose two partial gradients share their work.
  public func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    try upperGradient(x, y, samples: samples)
  }
  /// Both parts, for problems whose two partial gradients share their work.
  public func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    try lowerGradient(x, y, samples: samples)
  }

  public func constraints(_ x: [Double], _ y: [Double]) throws -> (
    h: [Double], jacobianY: [Double], jacobianX: [Double]
  ) {
    throw PluginError(.unsupported, "this bilevel problem has no lower-level constraints")
  }
  public func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    throw PluginError(.unsupported, "this bilevel problem has no exact lower-level solution")
  }
  public func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    throw PluginError(.unsupported, "this bilevel problem has no lower-level Hessian oracle")
  }
  public func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    throw PluginError(.unsupported, "this bilevel problem has no lower-level Hessian oracle")
  }
  public func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws {
    throw PluginError(
      .unsupported, "this bilevel problem has no dense lower-level Hessian; assemble it from lowerHessianYY products")
  }
}
