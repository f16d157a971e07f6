/// The vector operations the flat-minima methods and diagnostics need, on plain arrays.
///
/// The iterates are small (d ≤ a few hundred) and every step is dominated by oracle calls, so plain loops over
/// contiguous arrays (which the compiler vectorises) are the right tool; they also keep the summation order fixed,
/// so traces are bit-identical across machines.
enum VectorOps {
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

  /// ‖a − b‖₂.
  @inline(__always)
  static func distance(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += (a[i] - b[i]) * (a[i] - b[i]) }
    return s.squareRoot()
  }

  /// The component of w orthogonal to g: w − (⟨w, g⟩/‖g‖²)g, or w itself when g = 0 (spec §3.2 step 1c).
  @inline(__always)
  static func rejection(_ w: [Double], from g: [Double]) -> [Double] {
    let gg = dot(g, g)
    guard gg > 0 else { return w }
    return axpy(w, -dot(w, g) / gg, g)
  }
}
