import COpenBLAS

extension Cholesky {
  /// Factors A (its lower triangle) as LLᵀ in A's own storage: the same factor as ``init(_:)``, without the n×n copy
  /// that initialiser makes of a matrix its caller keeps. Pass a matrix nothing else references (a fresh copy, or a
  /// `consume`d variable); otherwise the storage is copied on write as before. `knownFinite`: the caller has
  /// already checked the lower triangle where the matrix entered, so it is not scanned again.
  public init(consuming a: consuming Matrix, knownFinite: Bool = false) throws {
    precondition(a.isSquare, "Cholesky needs a square matrix")
    let n = Int32(a.rows)
    if n > 0 {
      // LAPACKE_dpotrf's own check: a NaN in the lower triangle is argument 4.
      if !knownFinite && !a.isLowerTriangleFinite {
        throw LinearAlgebraError(routine: "dpotrf", info: -4, kind: .illegalArgument)
      }
      BLASThreads.ensureDefault()
      let info = a.storage.withUnsafeMutableBufferPointer { p in
        LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, p.baseAddress, n)
      }
      try check(info, "dpotrf", positive: .notPositiveDefinite)
    }
    packed = a
  }

  /// L⁻¹·B, or L⁻ᵀ·B with `transpose` (BLAS `dtrsm`), computed in B's own storage: ``solveLower(_:transpose:)``
  /// without its copy of B, for a right-hand side the caller does not keep (a fresh matrix or a `consume`d
  /// variable; otherwise B is copied on write as before).
  public func solveLower(consuming b: consuming Matrix, transpose: Bool = false) -> Matrix {
    precondition(b.rows == n, "solveLower: right-hand side has \(b.rows) rows, expected \(n)")
    var x = consume b
    x.triangular(packed, solve: true, left: true, transpose: transpose)
    return x
  }
}
