import COpenBLAS

/// The Cholesky factorisation A = LLᵀ of a symmetric positive definite matrix (LAPACK `dpotrf`).
///
/// It is the cheapest test of positive definiteness and the cheapest square root of an SPD matrix: the SPD
/// manifold uses L in place of X^{1/2} wherever the result does not depend on which square root is used
/// (exp, log, distance, transport; spec §2.4). Only the lower triangle of the input is read. Failure to be
/// positive definite is thrown as ``LinearAlgebraError`` with `dpotrf`'s info code (the order of the first
/// non-positive leading minor).
///
/// LAPACK is called through LAPACKE's `_work` entry points, which skip the high-level wrappers' NaN scan of every
/// input matrix: the input is checked once here, where it enters, so the factor is finite, and each solve checks
/// only its right-hand side (an O(n) scan where the wrapper scanned the O(n²) factor on every call; lincon-bilevel
/// solves with one 1000×1000 factor many times per step). Errors are those the wrappers reported.
public struct Cholesky: Sendable {
  /// `dpotrf`'s output: L in the lower triangle, the input's strict upper triangle left untouched (LAPACK and BLAS
  /// triangular routines never read it, so it is not zeroed unless ``lower`` is asked for).
  let packed: Matrix

  /// The order n of the factored matrix.
  public var n: Int { packed.rows }

  /// Factors A (its lower triangle) as LLᵀ.
  public init(_ a: Matrix) throws {
    precondition(a.isSquare, "Cholesky needs a square matrix")
    var f = a
    let n = Int32(a.rows)
    if n > 0 {
      // LAPACKE_dpotrf's own check: a NaN in the lower triangle is argument 4.
      if !a.isLowerTriangleFinite { throw LinearAlgebraError(routine: "dpotrf", info: -4, kind: .illegalArgument) }
      BLASThreads.ensureDefault()
      let info = f.storage.withUnsafeMutableBufferPointer { p in
        LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, p.baseAddress, n)
      }
      try check(info, "dpotrf", positive: .notPositiveDefinite)
    }
    packed = f
  }

  /// The factor L with explicit zeros above the diagonal.
  public var lower: Matrix {
    var l = packed
    let n = self.n
    l.storage.withUnsafeMutableBufferPointer { p in
      for j in 0..<n {
        for i in 0..<j { p[i + j * n] = 0 }
      }
    }
    return l
  }

  /// Solves A·X = B (LAPACK `dpotrs`); throws only for invalid input such as NaN.
  public func solve(_ b: Matrix) throws -> Matrix {
    precondition(b.rows == n, "Cholesky.solve: right-hand side has \(b.rows) rows, expected \(n)")
    var x = b
    if n == 0 || b.cols == 0 { return x }
    // LAPACKE_dpotrs's check of the right-hand side (argument 7); the factor is finite by construction.
    if b.storage.contains(where: { !$0.isFinite }) {
      throw LinearAlgebraError(routine: "dpotrs", info: -7, kind: .illegalArgument)
    }
    BLASThreads.ensureDefault()
    let info = x.storage.withUnsafeMutableBufferPointer { p in
      LAPACKE_dpotrs_work(
        LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(b.cols), packed.storage, Int32(n), p.baseAddress,
        Int32(n))
    }
    try check(info, "dpotrs", positive: .illegalArgument)
    return x
  }

  /// Solves A·x = b for one right-hand side.
  public func solve(_ b: Vector) throws -> Vector {
    Vector(try solve(Matrix(rows: b.count, cols: 1, elements: b.elements)).elements)
  }

  /// The inverse A⁻¹ (LAPACK `dpotri`), symmetric with both triangles filled; prefer ``solve(_:)-(Matrix)`` when
  /// the inverse is only applied.
  public func inverse() throws -> Matrix {
    var inv = packed
    if n == 0 { return inv }
    BLASThreads.ensureDefault()
    let n32 = Int32(n)
    let info = inv.storage.withUnsafeMutableBufferPointer { p in
      LAPACKE_dpotri_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n32, p.baseAddress, n32)
    }
    try check(info, "dpotri", positive: .singular)
    inv.fillUpperFromLower()
    return inv
  }

  /// log det A = 2 Σ log L_ii, without overflow for large determinants.
  public var logDeterminant: Double {
    var s = 0.0
    for i in 0..<n { s += _log(packed.storage[i + i * n]) }
    return 2 * s
  }

  /// L⁻¹·B, or L⁻ᵀ·B with `transpose` (BLAS `dtrsm`): applies the inverse factor without forming it.
  public func solveLower(_ b: Matrix, transpose: Bool = false) -> Matrix {
    precondition(b.rows == n, "solveLower: right-hand side has \(b.rows) rows, expected \(n)")
    var x = b
    x.triangular(packed, solve: true, left: true, transpose: transpose)
    return x
  }

  /// L·B, or Lᵀ·B with `transpose` (BLAS `dtrmm`).
  public func multiplyLower(_ b: Matrix, transpose: Bool = false) -> Matrix {
    precondition(b.rows == n, "multiplyLower: right-hand side has \(b.rows) rows, expected \(n)")
    var x = b
    x.triangular(packed, solve: false, left: true, transpose: transpose)
    return x
  }

  /// The whitened matrix L⁻¹·U·L⁻ᵀ of a symmetric U: X^{−1/2}UX^{−1/2} up to an orthogonal change of basis, which
  /// is all the affine-invariant metric needs (spec §2.4). Two `dtrsm` calls, symmetrised against round-off.
  public func inverseCongruence(_ u: Matrix) -> Matrix {
    precondition(u.rows == n && u.cols == n, "inverseCongruence needs an n×n matrix")
    var w = u
    w.triangular(packed, solve: true, left: true, transpose: false)
    w.triangular(packed, solve: true, left: false, transpose: true)
    return w.symmetrized()
  }

  /// The congruence L·M·Lᵀ of a symmetric M (two `dtrmm` calls, symmetrised): maps whitened coordinates back.
  public func congruence(_ m: Matrix) -> Matrix {
    precondition(m.rows == n && m.cols == n, "congruence needs an n×n matrix")
    var w = m
    w.triangular(packed, solve: false, left: true, transpose: false)
    w.triangular(packed, solve: false, left: false, transpose: true)
    return w.symmetrized()
  }
}

extension Matrix {
  /// In place: self ← op(L)^{±1}·self (left) or self·op(L)^{±1} (right), with L the lower triangle of `l`
  /// (BLAS `dtrsm` / `dtrmm`).
  mutating func triangular(_ l: Matrix, solve: Bool, left: Bool, transpose: Bool) {
    guard rows > 0 && cols > 0 else { return }
    BLASThreads.ensureDefault()
    let (m, n, ld) = (Int32(rows), Int32(cols), leadingDimension)
    let side = left ? CblasLeft : CblasRight
    let trans = transpose ? CblasTrans : CblasNoTrans
    storage.withUnsafeMutableBufferPointer { b in
      if solve {
        cblas_dtrsm(
          CblasColMajor, side, CblasLower, trans, CblasNonUnit, m, n, 1, l.storage, l.leadingDimension,
          b.baseAddress, ld)
      } else {
        cblas_dtrmm(
          CblasColMajor, side, CblasLower, trans, CblasNonUnit, m, n, 1, l.storage, l.leadingDimension,
          b.baseAddress, ld)
      }
    }
  }
}
