import COpenBLAS

/// The thin QR factorisation A = QR with **diag(R) ≥ 0** (LAPACK `dgeqrf` + `dorgqr`, then a sign fix).
///
/// LAPACK's Householder QR leaves the signs of diag(R) arbitrary; fixing them makes Q a function of A, which the
/// Stiefel QR retraction qf(X + V) needs to be a retraction at all (spec §2.3, §4). For an m×n input with
/// k = min(m, n), Q is m×k with orthonormal columns and R is k×n upper triangular. The sign fix flips column i of Q
/// and row i of R together, so QR is unchanged.
public struct QR: Sendable {
  /// The m×k factor with orthonormal columns.
  public let q: Matrix
  /// The k×n upper-triangular factor with a non-negative diagonal.
  public let r: Matrix

  /// Factors A.
  public init(_ a: Matrix) throws {
    let (m, n) = (a.rows, a.cols)
    let k = min(m, n)
    guard k > 0 else {
      q = Matrix(rows: m, cols: k)
      r = Matrix(rows: k, cols: n)
      return
    }
    BLASThreads.ensureDefault()
    var work = a
    var tau = [Double](repeating: 0, count: k)
    let lda = Int32(m)
    var info = work.storage.withUnsafeMutableBufferPointer { p in
      LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), p.baseAddress, lda, &tau)
    }
    try check(info, "dgeqrf", positive: .illegalArgument)
    // R is the upper triangle of the first k rows.
    var rr = Matrix(rows: k, cols: n)
    work.storage.withUnsafeBufferPointer { w in
      rr.storage.withUnsafeMutableBufferPointer { out in
        for j in 0..<n {
          for i in 0...min(j, k - 1) { out[i + j * k] = w[i + j * m] }
        }
      }
    }
    info = work.storage.withUnsafeMutableBufferPointer { p in
      LAPACKE_dorgqr(LAPACK_COL_MAJOR, Int32(m), Int32(k), Int32(k), p.baseAddress, lda, tau)
    }
    try check(info, "dorgqr", positive: .illegalArgument)
    var qq = k == n ? work : work.columns(0..<k)
    // Sign fix: diag(R) ≥ 0.
    qq.storage.withUnsafeMutableBufferPointer { qp in
      rr.storage.withUnsafeMutableBufferPointer { rp in
        for i in 0..<k where rp[i + i * k] < 0 {
          for j in i..<n { rp[i + j * k] = -rp[i + j * k] }
          for row in 0..<m { qp[row + i * m] = -qp[row + i * m] }
        }
      }
    }
    q = qq
    r = rr
  }
}
