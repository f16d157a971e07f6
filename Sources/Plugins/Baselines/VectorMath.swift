/// The few vector operations the first-order baselines need, on plain arrays.
///
/// Kept deliberately small: these methods are dominated by oracle calls, and plain loops over contiguous arrays
/// vectorise; dense matrix work in the problems goes through straightforward loops of the same kind.
enum VectorMath {
  /// ⟨a, b⟩.
  @inline(__always)
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  /// ‖a‖₂.
  @inline(__always)
  static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

  /// a + t·b.
  @inline(__always)
  static func axpy(_ a: [Double], _ t: Double, _ b: [Double]) -> [Double] {
    var out = a
    for i in out.indices { out[i] += t * b[i] }
    return out
  }

  /// t·a.
  @inline(__always)
  static func scale(_ t: Double, _ a: [Double]) -> [Double] { a.map { t * $0 } }

  /// a − b.
  @inline(__always)
  static func subtract(_ a: [Double], _ b: [Double]) -> [Double] {
    var out = a
    for i in out.indices { out[i] -= b[i] }
    return out
  }

  /// y = A x for a dense column-major n × n matrix.
  static func symmetricProduct(_ a: [Double], _ x: [Double], n: Int) -> [Double] {
    var y = [Double](repeating: 0, count: n)
    for j in 0..<n {
      let xj = x[j]
      if xj == 0 { continue }
      let column = j * n
      for i in 0..<n { y[i] += a[column + i] * xj }
    }
    return y
  }
}
