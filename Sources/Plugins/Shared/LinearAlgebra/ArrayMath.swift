/// Level-1 vector operations on plain `[Double]` arrays, for plugin code whose iterates are small.
///
/// First-order methods on small problems are dominated by oracle calls, and their iterates cross the ABI as plain
/// arrays; loops over contiguous arrays vectorise and keep the summation order fixed, so traces are bit-identical
/// across machines. Larger dense work belongs in ``Matrix`` and BLAS.
public enum ArrayMath {
  /// ⟨a, b⟩.
  @inlinable
  public static func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot: lengths differ")
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  /// ‖a‖₂.
  @inlinable
  public static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

  /// a + t·b.
  @inlinable
  public static func axpy(_ a: [Double], _ t: Double, _ b: [Double]) -> [Double] {
    precondition(a.count == b.count, "axpy: lengths differ")
    var out = a
    for i in out.indices { out[i] += t * b[i] }
    return out
  }

  /// t·a.
  @inlinable
  public static func scale(_ t: Double, _ a: [Double]) -> [Double] { a.map { t * $0 } }

  /// a + b.
  @inlinable
  public static func add(_ a: [Double], _ b: [Double]) -> [Double] {
    precondition(a.count == b.count, "add: lengths differ")
    var out = a
    for i in out.indices { out[i] += b[i] }
    return out
  }

  /// max |aᵢ| (0 for an empty array).
  @inlinable
  public static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

  /// Whether every entry is finite.
  @inlinable
  public static func isFinite(_ a: [Double]) -> Bool { a.allSatisfy(\.isFinite) }

  /// a − b.
  @inlinable
  public static func subtract(_ a: [Double], _ b: [Double]) -> [Double] {
    precondition(a.count == b.count, "subtract: lengths differ")
    var out = a
    for i in out.indices { out[i] -= b[i] }
    return out
  }

  /// ‖a − b‖₂.
  @inlinable
  public static func distance(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += (a[i] - b[i]) * (a[i] - b[i]) }
    return s.squareRoot()
  }

  /// The component of w orthogonal to g: w − (⟨w, g⟩/‖g‖²)g, or w itself when g = 0.
  @inlinable
  public static func rejection(_ w: [Double], from g: [Double]) -> [Double] {
    let gg = dot(g, g)
    guard gg > 0 else { return w }
    return axpy(w, -dot(w, g) / gg, g)
  }

  /// y = A x for a dense column-major n × n matrix stored in an array.
  public static func matrixProduct(_ a: [Double], _ x: [Double], n: Int) -> [Double] {
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
