import Glibc

/// Loops over `[Double]` for the vector manifolds (Euclidean, sphere, hyperbolic).
///
/// They are plain Swift loops in a fixed summation order rather than BLAS calls: for the short vectors these
/// manifolds see, a loop beats the call overhead, and a fixed order gives bit-identical traces on every machine,
/// whereas OpenBLAS picks a different `ddot` kernel per CPU.
enum ArrayKernels {
  /// Σ aᵢbᵢ.
  @inline(__always)
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
      }
    }
  }

  /// The Minkowski product −a₀b₀ + Σ_{i≥1} aᵢbᵢ (spec §2.5).
  @inline(__always)
  static func minkowski(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        var s = -a[0] * b[0]
        for i in 1..<a.count { s += a[i] * b[i] }
        return s
      }
    }
  }

  /// α·x + β·y in one pass.
  @inline(__always)
  static func combine(_ alpha: Double, _ x: [Double], _ beta: Double, _ y: [Double]) -> [Double] {
    let n = x.count
    return x.withUnsafeBufferPointer { x in
      y.withUnsafeBufferPointer { y in
        [Double](unsafeUninitializedCapacity: n) { out, count in
          for i in 0..<n { out[i] = alpha * x[i] + beta * y[i] }
          count = n
        }
      }
    }
  }

  /// α·x.
  @inline(__always)
  static func scale(_ alpha: Double, _ x: [Double]) -> [Double] {
    x.map { alpha * $0 }
  }

  /// x ← α·x in place: no allocation when the caller owns the only reference (a freshly computed result).
  @inline(__always)
  static func scaleInPlace(_ alpha: Double, _ x: inout [Double]) {
    x.withUnsafeMutableBufferPointer { x in
      for i in x.indices { x[i] *= alpha }
    }
  }

  /// x + y.
  @inline(__always)
  static func add(_ x: [Double], _ y: [Double]) -> [Double] { combine(1, x, 1, y) }

  /// x − y.
  @inline(__always)
  static func subtract(_ x: [Double], _ y: [Double]) -> [Double] { combine(1, x, -1, y) }
}

// libm wrappers, named so they do not collide with the manifolds' `exp`/`log` methods.
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
@inline(__always) func _cosh(_ x: Double) -> Double { cosh(x) }
@inline(__always) func _sinh(_ x: Double) -> Double { sinh(x) }
@inline(__always) func _asinh(_ x: Double) -> Double { asinh(x) }
@inline(__always) func _atan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
