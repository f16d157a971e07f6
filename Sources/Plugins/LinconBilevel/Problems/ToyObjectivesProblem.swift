import CatalogueSDK

/// A bilevel problem built on the toy objectives (spec §5.1): the three lincon problems differ only in their
/// constraints, so the objective oracles, dimensions, start and lower-level Hessian products live here once.
protocol ToyObjectivesProblem: BilevelProblem {
  /// f and g of the paper's toy.
  var objectives: ToyObjectives { get }
  /// x₀ (y₀ = 0, strictly feasible for every variant).
  var start: [Double] { get }
}

extension ToyObjectivesProblem {
  var dimensionX: Int { objectives.dimensionX }
  var dimensionY: Int { objectives.dimensionY }
  var hasLowerSolution: Bool { true }
  var hasLowerHessian: Bool { true }
  var hasLowerHessianMatrix: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) { (start, [Double](repeating: 0, count: dimensionY)) }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try objectives.check(x, y)
    return objectives.upperValue(x, y)
  }

  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try objectives.check(x, y)
    return objectives.upperGradient(x, y)
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try objectives.check(x, y)
    return objectives.lowerValue(x, y)
  }

  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try objectives.check(x, y)
    return objectives.lowerGradient(x, y)
  }

  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { objectives.hessianY(v) }

  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { objectives.mixed(v) }

  /// ∇²_yy g = Q, copied (ABI 1.2's dense Hessian): the toy holds it, so a solver needs no d_y products.
  func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws {
    try objectives.check(x, y)
    objectives.copyHessianY(into: out)
  }
}
