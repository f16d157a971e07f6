import COpenBLAS

/// Products, scaled updates and norms through CBLAS (ARCHITECTURE.md §6: OpenBLAS dgemm is an order of magnitude
/// faster than a good Swift loop). Transposes are passed to BLAS as flags, never materialised.
extension Matrix {
  /// Leading dimension for BLAS/LAPACK: `rows`, but at least 1 as the reference implementation demands.
  @inline(__always)
  var leadingDimension: Int32 { Int32(Swift.max(1, rows)) }

  /// Shape of op(A): (rows, cols) of A or of Aᵀ.
  @inline(__always)
  func shape(transposed t: Bool) -> (rows: Int, cols: Int) { t ? (cols, rows) : (rows, cols) }

  /// C = α·op(A)·op(B), a new matrix (BLAS `dgemm` with β = 0).
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
  ) -> Matrix {
    let (m, k) = a.shape(transposed: transposeA)
    let (kb, n) = b.shape(transposed: transposeB)
    precondition(k == kb, "product: inner dimensions differ (\(k) vs \(kb))")
    if k == 0 { return Matrix(rows: m, cols: n) }
    return Matrix(
      rows: m, cols: n,
      uninitialized: { c in
        gemm(a, b, transposeA, transposeB, alpha, 0, c.baseAddress, m, n, k)
      })
  }

  /// C ← α·op(A)·op(B) + β·C in place (BLAS `dgemm`), the update that avoids temporaries in iterative methods.
  public mutating func addProduct(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1,
    beta: Double = 1
  ) {
    let (m, k) = a.shape(transposed: transposeA)
    let (kb, n) = b.shape(transposed: transposeB)
    precondition(k == kb, "addProduct: inner dimensions differ (\(k) vs \(kb))")
    precondition(m == rows && n == cols, "addProduct: result shape differs from self")
    if k == 0 {
      self *= beta
      return
    }
    let (r, c) = (rows, cols)
    storage.withUnsafeMutableBufferPointer { out in
      Matrix.gemm(a, b, transposeA, transposeB, alpha, beta, out.baseAddress, r, c, k)
    }
  }

  /// The one place `cblas_dgemm` is called, so threads and leading dimensions are handled once.
  @inline(__always)
  static func gemm(
    _ a: Matrix, _ b: Matrix, _ ta: Bool, _ tb: Bool, _ alpha: Double, _ beta: Double,
    _ c: UnsafeMutablePointer<Double>?, _ m: Int, _ n: Int, _ k: Int
  ) {
    guard m > 0 && n > 0 else { return }
    BLASThreads.ensureDefault()
    cblas_dgemm(
      CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a.storage, a.leadingDimension, b.storage, b.leadingDimension,
      beta, c, Int32(Swift.max(1, m)))
  }

  /// The matrix product A·B.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }

  /// The matrix–vector product A·x.
  public static func * (lhs: Matrix, rhs: Vector) -> Vector { product(lhs, rhs) }

  /// y = α·op(A)·x, a new vector (BLAS `dgemv` with β = 0).
  public static func product(_ a: Matrix, _ x: Vector, transpose: Bool = false, alpha: Double = 1) -> Vector {
    let (m, n) = a.shape(transposed: transpose)
    precondition(x.count == n, "product: vector length \(x.count) differs from \(n) columns")
    // Zero-filled, unlike gemm's output: OpenBLAS scales y by β with `dscal`, which since 0.3.27 lets a NaN
    // already in y survive 0·NaN, so y must not hold garbage. The fill costs O(m) against O(mn) for the product.
    var y = Vector(count: m)
    if n == 0 { return y }
    y.storage.withUnsafeMutableBufferPointer { y in gemv(a, x, transpose, alpha, 0, y.baseAddress) }
    return y
  }

  /// The one place `cblas_dgemv` is called.
  @inline(__always)
  static func gemv(
    _ a: Matrix, _ x: Vector, _ t: Bool, _ alpha: Double, _ beta: Double, _ y: UnsafeMutablePointer<Double>?
  ) {
    guard a.rows > 0 && a.cols > 0 else { return }
    BLASThreads.ensureDefault()
    cblas_dgemv(
      CblasColMajor, t ? CblasTrans : CblasNoTrans, Int32(a.rows), Int32(a.cols), alpha, a.storage,
      a.leadingDimension, x.storage, 1, beta, y, 1)
  }

  /// A ← A + α·B (BLAS `daxpy` over the storage), the scaled update of gradient steps.
  public mutating func add(_ other: Matrix, scaledBy alpha: Double) {
    precondition(rows == other.rows && cols == other.cols, "add(_:scaledBy:) needs equal shapes")
    BLASThreads.ensureDefault()
    cblas_daxpy(Int32(storage.count), alpha, other.storage, 1, &storage, 1)
  }

  /// The Gram matrix op(A)ᵀ·op(A): AᵀA by default, AAᵀ with `transpose`. BLAS `dsyrk` does half the work of a
  /// general product and the result is exactly symmetric (both triangles are filled).
  public static func gram(_ a: Matrix, transpose: Bool = false) -> Matrix {
    // AᵀA is n×n from the k = rows inner dimension; AAᵀ is m×m from k = cols.
    let n = transpose ? a.rows : a.cols
    let k = transpose ? a.cols : a.rows
    if k == 0 { return Matrix(rows: n, cols: n) }
    var c = Matrix(
      rows: n, cols: n,
      uninitialized: { c in
        guard n > 0 else { return }
        BLASThreads.ensureDefault()
        cblas_dsyrk(
          CblasColMajor, CblasLower, transpose ? CblasNoTrans : CblasTrans, Int32(n), Int32(k), 1, a.storage,
          a.leadingDimension, 0, c.baseAddress, Int32(n))
      })
    c.fillUpperFromLower()
    return c
  }

  /// Copies the lower triangle into the upper one, completing the output of `dsyrk` and similar routines.
  mutating func fillUpperFromLower() {
    let n = rows
    storage.withUnsafeMutableBufferPointer { a in
      for j in 0..<n {
        for i in (j + 1)..<n { a[j + i * n] = a[i + j * n] }
      }
    }
  }

  /// The Frobenius norm ‖A‖_F (BLAS `dnrm2` over the storage, scaled against overflow).
  public var frobeniusNorm: Double {
    BLASThreads.ensureDefault()
    return cblas_dnrm2(Int32(storage.count), storage, 1)
  }

  /// The Frobenius inner product tr(AᵀB) = Σ A_ij B_ij (BLAS `ddot`), the embedded metric on matrix manifolds.
  public func frobeniusInner(_ other: Matrix) -> Double {
    precondition(rows == other.rows && cols == other.cols, "frobeniusInner needs equal shapes")
    BLASThreads.ensureDefault()
    return cblas_ddot(Int32(storage.count), storage, 1, other.storage, 1)
  }

  /// The induced 1-norm max_j Σ_i |A_ij|, which the scaling-and-squaring exponential uses to pick its degree.
  public var oneNorm: Double {
    var best = 0.0
    storage.withUnsafeBufferPointer { a in
      for j in 0..<cols {
        var s = 0.0
        for i in 0..<rows { s += abs(a[i + j * rows]) }
        best = Swift.max(best, s)
      }
    }
    return best
  }
}

extension Vector {
  /// y ← α·op(A)·x + β·y in place (BLAS `dgemv`), the allocation-free form for hot loops.
  public mutating func addProduct(
    _ a: Matrix, _ x: Vector, transpose: Bool = false, alpha: Double = 1, beta: Double = 1
  ) {
    let (m, n) = a.shape(transposed: transpose)
    precondition(x.count == n && count == m, "addProduct: shapes do not match")
    if n == 0 {
      scale(by: beta)
      return
    }
    storage.withUnsafeMutableBufferPointer { y in
      Matrix.gemv(a, x, transpose, alpha, beta, y.baseAddress)
    }
  }
}
