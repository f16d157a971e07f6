/// Plain-array vector arithmetic for the short vectors that cross the oracle boundary (x, y, gradients).
///
/// The oracles of `BilevelProblem` take and return `[Double]`; these helpers keep the formulas of the spec readable
/// without wrapping every array in a `Vector`. Loops run in a fixed order so traces are reproducible bit for bit.
enum Vectors {
  /// xᵀy.
  static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
    var s = 0.0
    for i in x.indices { s += x[i] * y[i] }
    return s
  }

  /// ‖x‖₂.
  static func norm(_ x: [Double]) -> Double { dot(x, x).squareRoot() }

  /// ‖x‖∞.
  static func maxAbs(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }

  /// x + a·y.
  static func axpy(_ x: [Double], _ a: Double, _ y: [Double]) -> [Double] {
    precondition(x.count == y.count, "axpy: lengths \(x.count) and \(y.count) differ")
    var z = x
    for i in z.indices { z[i] += a * y[i] }
    return z
  }

  /// x − y.
  static func subtract(_ x: [Double], _ y: [Double]) -> [Double] { axpy(x, -1, y) }

  /// x + y.
  static func add(_ x: [Double], _ y: [Double]) -> [Double] { axpy(x, 1, y) }

  /// a·x.
  static func scale(_ a: Double, _ x: [Double]) -> [Double] { x.map { a * $0 } }

  /// ‖x − y‖₂.
  static func distance(_ x: [Double], _ y: [Double]) -> Double { norm(subtract(x, y)) }

  /// Whether every entry is finite.
  static func isFinite(_ x: [Double]) -> Bool { x.allSatisfy { $0.isFinite } }
}
