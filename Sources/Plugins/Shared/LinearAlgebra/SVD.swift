import COpenBLAS

/// The thin singular value decomposition A = UΣVᵀ (LAPACK `dgesdd`, divide and conquer).
///
/// Used for polar factors, ranks, condition numbers and least-norm problems. For an m×n input with
/// k = min(m, n): U is m×k, Σ has k non-negative values in descending order, Vᵀ is k×n.
public struct SVD: Sendable {
  /// The m×k left singular vectors.
  public let u: Matrix
  /// The singular values σ₁ ≥ … ≥ σ_k ≥ 0.
  public let singularValues: [Double]
  /// The k×n transposed right singular vectors.
  public let vt: Matrix

  /// Decomposes A; throws if `dgesdd` does not converge.
  public init(_ a: Matrix) throws {
    let (m, n) = (a.rows, a.cols)
    let k = min(m, n)
    guard k > 0 else {
      u = Matrix(rows: m, cols: 0)
      singularValues = []
      vt = Matrix(rows: 0, cols: n)
      return
    }
    BLASThreads.ensureDefault()
    var work = a
    var s = [Double](repeating: 0, count: k)
    var uu = Matrix(rows: m, cols: k)
    var vv = Matrix(rows: k, cols: n)
    let info = work.storage.withUnsafeMutableBufferPointer { p in
      uu.storage.withUnsafeMutableBufferPointer { up in
        vv.storage.withUnsafeMutableBufferPointer { vp in
          LAPACKE_dgesdd(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n), p.baseAddress, Int32(m), &s,
            up.baseAddress, Int32(m), vp.baseAddress, Int32(k))
        }
      }
    }
    try check(info, "dgesdd", positive: .noConvergence)
    u = uu
    singularValues = s
    vt = vv
  }
}
