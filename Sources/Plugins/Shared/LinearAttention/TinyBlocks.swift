/// Loops for the tiny blocks of one prompt: a (d+1)×(n+1) residual stream is a few rows of about twenty numbers and a
/// (d+1)×(d+1) weight block a few dozen, so a BLAS call (~170 ns of dispatch each) costs several times the
/// arithmetic. These loops run on raw pointers into a workspace that the caller reuses and allocate nothing.
///
/// Rows are processed four entries at a time as `SIMD4<Double>` (the profile of the Memformer step showed the
/// scalar loops spending most of their time on loop control and 2-wide remainders), with a scalar tail when a length
/// is not a multiple of four. Reductions keep four partial sums, one per lane, added at the end.
enum TinyBlocks {
  /// Entries t…t+3 of `p`.
  @inline(__always)
  static func load(_ p: UnsafePointer<Double>, _ t: Int) -> SIMD4<Double> {
    UnsafeRawPointer(p + t).loadUnaligned(as: SIMD4<Double>.self)
  }

  /// Writes entries t…t+3 of `p`.
  @inline(__always)
  static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>, _ t: Int) {
    UnsafeMutableRawPointer(p + t).storeBytes(of: v, as: SIMD4<Double>.self)
  }

  /// Σ_{t<count} x[t]·y[t].
  @inline(__always)
  static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
    var lanes = SIMD4<Double>()
    var t = 0
    while t + 4 <= count {
      lanes += load(x, t) * load(y, t)
      t += 4
    }
    var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    while t < count {
      sum += x[t] * y[t]
      t += 1
    }
    return sum
  }

  /// y[t] += a·x[t] for t < count.
  @inline(__always)
  static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    let av = SIMD4(repeating: a)
    var t = 0
    while t + 4 <= count {
      store(load(y, t) + av * load(x, t), y, t)
      t += 4
    }
    while t < count {
      y[t] += a * x[t]
      t += 1
    }
  }

  /// y[t] = x[t] + a·b[t] for t < count (`y` may be `x` or `b`).
  @inline(__always)
  static func sum(
    _ x: UnsafePointer<Double>, _ a: Double, _ b: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
    _ count: Int
  ) {
    let av = SIMD4(repeating: a)
    var t = 0
    while t + 4 <= count {
      store(load(x, t) + av * load(b, t), y, t)
      t += 4
    }
    while t < count {
      y[t] = x[t] + a * b[t]
      t += 1
    }
  }

  /// y[t] = a·x[t] for t < count.
  @inline(__always)
  static func scaledCopy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    let av = SIMD4(repeating: a)
    var t = 0
    while t + 4 <= count {
      store(av * load(x, t), y, t)
      t += 4
    }
    while t < count {
      y[t] = a * x[t]
      t += 1
    }
  }

  /// y[t] = x[t] for t < count.
  @inline(__always)
  static func copy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    var t = 0
    while t + 4 <= count {
      store(load(x, t), y, t)
      t += 4
    }
    while t < count {
      y[t] = x[t]
      t += 1
    }
  }

  /// y[t] = 0 for t < count.
  @inline(__always)
  static func zero(_ y: UnsafeMutablePointer<Double>, _ count: Int) {
    var t = 0
    while t + 4 <= count {
      store(SIMD4(), y, t)
      t += 4
    }
    while t < count {
      y[t] = 0
      t += 1
    }
  }

  /// y[t] += a[t]·x[t] for t < count (a Hadamard-gated update).
  @inline(__always)
  static func addHadamard(
    _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int
  ) {
    var t = 0
    while t + 4 <= count {
      store(load(y, t) + load(a, t) * load(x, t), y, t)
      t += 4
    }
    while t < count {
      y[t] += a[t] * x[t]
      t += 1
    }
  }

  /// Σ_{k<count} c[k]·(entries t…t+3 of the row at `base + offsets[k]`): four entries of a linear combination of
  /// stored rows, for fused passes that combine rows and update the result in one sweep.
  @inline(__always)
  static func combination(
    _ c: UnsafePointer<Double>, _ count: Int, base: UnsafePointer<Double>, offsets: UnsafePointer<Int>, at t: Int
  ) -> SIMD4<Double> {
    var sum = SIMD4<Double>()
    for k in 0..<count { sum += SIMD4(repeating: c[k]) * load(base + offsets[k], t) }
    return sum
  }

  /// Lanes of the chunk starting at t that lie before `end`: 1 there, 0 after.
  @inline(__always)
  static func mask(_ t: Int, before end: Int) -> SIMD4<Double> {
    SIMD4(t < end ? 1 : 0, t + 1 < end ? 1 : 0, t + 2 < end ? 1 : 0, t + 3 < end ? 1 : 0)
  }
}
