/// Elementwise arithmetic on points and tangent vectors held as `[Double]`.
///
/// Plain loops in a fixed order rather than BLAS: the vectors are short, and a fixed summation order keeps the
/// Euclidean reduction (spec §5: RF²SA on ℝⁿ is F²SA) bit-for-bit reproducible on every machine.
enum ArrayMath {
  /// x + y.
  static func add(_ x: [Double], _ y: [Double]) -> [Double] {
    precondition(x.count == y.count, "add: lengths differ")
    return (0..<x.count).map { x[$0] + y[$0] }
  }

  /// x − y.
  static func subtract(_ x: [Double], _ y: [Double]) -> [Double] {
    precondition(x.count == y.count, "subtract: lengths differ")
    return (0..<x.count).map { x[$0] - y[$0] }
  }

  /// α·x.
  static func scale(_ alpha: Double, _ x: [Double]) -> [Double] {
    x.map { alpha * $0 }
  }

  /// x + α·y.
  static func axpy(_ x: [Double], _ alpha: Double, _ y: [Double]) -> [Double] {
    precondition(x.count == y.count, "axpy: lengths differ")
    return (0..<x.count).map { x[$0] + alpha * y[$0] }
  }

  /// Σ xᵢyᵢ.
  static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths differ")
    var s = 0.0
    for i in 0..<x.count { s += x[i] * y[i] }
    return s
  }

  /// ‖x‖₂.
  static func norm(_ x: [Double]) -> Double {
    dot(x, x).squareRoot()
  }

  /// Whether every entry is finite.
  static func isFinite(_ x: [Double]) -> Bool {
    x.allSatisfy(\.isFinite)
  }
}
