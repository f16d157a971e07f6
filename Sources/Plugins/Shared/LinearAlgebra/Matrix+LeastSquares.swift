import COpenBLAS

extension Matrix {
  /// The least-squares solution of A·X ≈ B for full-rank A (LAPACK `dgels`, QR based).
  ///
  /// For m ≥ n this minimises ‖AX − B‖_F; for m < n it returns the minimum-norm solution of AX = B. The result is
  /// n×nrhs. Throws `.rankDeficient` when A does not have full rank (use ``SVD`` for rank-deficient problems).
  public func leastSquares(_ b: Matrix) throws -> Matrix {
    precondition(b.rows == rows, "leastSquares: right-hand side has \(b.rows) rows, expected \(rows)")
    let (m, n, nrhs) = (rows, cols, b.cols)
    let ldb = Swift.max(1, m, n)
    // dgels overwrites a max(m, n)×nrhs array: B on entry, the solution in its first n rows on exit.
    var work = Matrix(rows: ldb, cols: nrhs)
    for j in 0..<nrhs {
      for i in 0..<m { work.storage[i + j * ldb] = b.storage[i + j * m] }
    }
    guard m > 0 && n > 0 && nrhs > 0 else { return Matrix(rows: n, cols: nrhs) }
    BLASThreads.ensureDefault()
    var a = self
    let info = a.storage.withUnsafeMutableBufferPointer { ap in
      work.storage.withUnsafeMutableBufferPointer { bp in
        LAPACKE_dgels(
          LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(m), Int32(n), Int32(nrhs), ap.baseAddress, Int32(m),
          bp.baseAddress, Int32(ldb))
      }
    }
    try check(info, "dgels", positive: .rankDeficient)
    return Matrix(rows: n, cols: nrhs) { i, j in work.storage[i + j * ldb] }
  }
}
