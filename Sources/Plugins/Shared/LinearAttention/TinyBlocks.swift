/// Loops for the tiny row-major blocks of one prompt: a (d+1)×(n+1) residual stream is a few rows of about twenty
/// numbers, and a (d+1)×(d+1) weight block a few dozen, so a BLAS call (~170 ns of dispatch each) costs several
/// times the arithmetic. These loops run on raw pointers into a workspace that the caller reuses, allocate nothing,
/// and keep the reductions in four independent partial sums so the compiler can use vector registers.
///
/// Every block is row-major with an explicit row stride: row i of a block with stride `s` starts at `base + i·s`.
/// Products that only some rows need take those rows as a list (`rows`), so a structurally zero row costs nothing.
enum TinyBlocks {
  /// Σ_{t<count} x[t]·y[t], summed in four interleaved partial sums then combined.
  @inline(__always)
  static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = 0.0
    var s1 = 0.0
    var s2 = 0.0
    var s3 = 0.0
    var t = 0
    while t + 4 <= count {
      s0 += x[t] * y[t]
      s1 += x[t + 1] * y[t + 1]
      s2 += x[t + 2] * y[t + 2]
      s3 += x[t + 3] * y[t + 3]
      t += 4
    }
    while t < count {
      s0 += x[t] * y[t]
      t += 1
    }
    return (s0 + s1) + (s2 + s3)
  }

  /// y[t] += a·x[t] for t < count.
  @inline(__always)
  static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    for t in 0..<count { y[t] += a * x[t] }
  }

  /// y[t] = x[t] for t < count.
  @inline(__always)
  static func copy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    for t in 0..<count { y[t] = x[t] }
  }

  /// y[t] = a·x[t] for t < count.
  @inline(__always)
  static func scaledCopy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
    for t in 0..<count { y[t] = a * x[t] }
  }

  /// y[t] = 0 for t < count.
  @inline(__always)
  static func zero(_ y: UnsafeMutablePointer<Double>, _ count: Int) {
    for t in 0..<count { y[t] = 0 }
  }

  /// y[t] += a[t]·x[t] for t < count (a Hadamard-gated update).
  @inline(__always)
  static func addHadamard(
    _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int
  ) {
    for t in 0..<count { y[t] += a[t] * x[t] }
  }

  /// G[c, j] = Σ_{t<columns} Z[c, t]·Z[j, t] for c in `rows` and every j < `size`: rows `rows` of the Gram matrix
  /// of Z's first `columns` columns (K = Z·M·Zᵀ when `columns` = n leaves out the query). When every row is asked
  /// for, the upper triangle is computed and mirrored.
  @inline(__always)
  static func gramRows(
    _ z: UnsafePointer<Double>, stride: Int, size: Int, columns: Int, rows: UnsafeBufferPointer<Int>,
    into g: UnsafeMutablePointer<Double>
  ) {
    if rows.count == size {
      for c in 0..<size {
        for j in c..<size {
          let value = dot(z + c * stride, z + j * stride, columns)
          g[c * size + j] = value
          g[j * size + c] = value
        }
      }
    } else {
      for c in rows {
        for j in 0..<size { g[c * size + j] = dot(z + c * stride, z + j * stride, columns) }
      }
    }
  }

  /// C[i, :] (+)= Σ_{k<inner} A[i, k]·B[k, :] for i in `rows`, with `columns` entries per row of B and C: the rows of
  /// a product that are not structurally zero. A has row stride `inner`.
  @inline(__always)
  static func rowProduct(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, inner: Int, columns: Int, bStride: Int,
    rows: UnsafeBufferPointer<Int>, into c: UnsafeMutablePointer<Double>, cStride: Int, accumulate: Bool
  ) {
    for i in rows {
      let ci = c + i * cStride
      if !accumulate { zero(ci, columns) }
      for k in 0..<inner { axpy(a[i * inner + k], b + k * bStride, ci, columns) }
    }
  }

  /// C[i, k] = Σ_{t<count} A[i, t]·B[k, t] for i in `rows` and k < `size`: rows of A·Bᵀ, each entry one dot
  /// product of two stored rows.
  @inline(__always)
  static func rowProductTransposed(
    _ a: UnsafePointer<Double>, aStride: Int, _ b: UnsafePointer<Double>, bStride: Int, count: Int, size: Int,
    rows: UnsafeBufferPointer<Int>, into c: UnsafeMutablePointer<Double>
  ) {
    for i in rows {
      for k in 0..<size { c[i * size + k] = dot(a + i * aStride, b + k * bStride, count) }
    }
  }
}
