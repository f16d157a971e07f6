import COpenBLAS

/// The eigendecomposition A = QΛQᵀ of a real symmetric matrix (LAPACK `dsyevd`, divide and conquer).
///
/// It is the workhorse of symmetric matrix functions f(A) = Q f(Λ) Qᵀ (spec §2.4, §4): exp, log, square roots and
/// powers on SPD, and the Lyapunov solver. Only the **lower triangle** of the input is read; callers holding a
/// matrix that is symmetric only up to round-off should pass `a.symmetrized()` (the matrix functions in this
/// module do). Eigenvalues are in ascending order; eigenvector i is column i of ``vectors``.
public struct SymmetricEigen: Sendable {
  /// The eigenvalues λ₁ ≤ … ≤ λₙ.
  public let values: [Double]
  /// The orthogonal matrix Q whose columns are the eigenvectors.
  public let vectors: Matrix

  /// Computes eigenvalues and eigenvectors.
  public init(_ a: Matrix) throws {
    precondition(a.isSquare, "SymmetricEigen needs a square matrix")
    var q = a
    values = try Self.run(&q, vectors: true)
    vectors = q
  }

  /// Eigenvalues only, several times cheaper than the full decomposition (e.g. the SPD distance, definiteness).
  public static func values(of a: Matrix) throws -> [Double] {
    precondition(a.isSquare, "SymmetricEigen.values(of:) needs a square matrix")
    var q = a
    return try run(&q, vectors: false)
  }

  /// Calls `dsyevd` on `a` in place and returns the eigenvalues.
  static func run(_ a: inout Matrix, vectors: Bool) throws -> [Double] {
    let n = a.rows
    guard n > 0 else { return [] }
    BLASThreads.ensureDefault()
    var w = [Double](repeating: 0, count: n)
    let info = a.storage.withUnsafeMutableBufferPointer { p in
      LAPACKE_dsyevd(
        LAPACK_COL_MAJOR, Int8(UInt8(ascii: vectors ? "V" : "N")), Int8(UInt8(ascii: "L")), Int32(n),
        p.baseAddress, Int32(n), &w)
    }
    try check(info, "dsyevd", positive: .noConvergence)
    return w
  }

  /// Q·diag(f(λ))·Qᵀ, exactly symmetric.
  ///
  /// When every f(λᵢ) ≥ 0 this is a `dsyrk` of Q·diag(√f(λ)) (half the flops of a general product, and the result
  /// is positive semidefinite by construction); otherwise one `dgemm` followed by symmetrisation.
  public func reconstructed(applying f: (Double) throws -> Double) rethrows -> Matrix {
    let fl = try values.map(f)
    return reconstructed(values: fl)
  }

  /// Q·diag(d)·Qᵀ for given diagonal values d (one per eigenvalue).
  public func reconstructed(values d: [Double]) -> Matrix {
    let n = values.count
    precondition(d.count == n, "reconstructed(values:) needs one value per eigenvalue")
    guard n > 0 else { return Matrix(rows: 0, cols: 0) }
    if d.allSatisfy({ $0 >= 0 }) {
      let roots = d.map { $0.squareRoot() }
      return Matrix.gram(vectors.scalingColumns(by: roots), transpose: true)
    }
    var result = Matrix.product(vectors.scalingColumns(by: d), vectors, transposeB: true)
    result = result.symmetrized()
    return result
  }
}

extension Matrix {
  /// A·diag(d): column j scaled by d[j], the cheap half of Q f(Λ) Qᵀ.
  public func scalingColumns(by d: [Double]) -> Matrix {
    precondition(d.count == cols, "scalingColumns needs one factor per column")
    let (r, c) = (rows, cols)
    return storage.withUnsafeBufferPointer { a in
      Matrix(
        rows: r, cols: c,
        uninitialized: { out in
          for j in 0..<c {
            let s = d[j]
            for i in 0..<r { out[i + j * r] = s * a[i + j * r] }
          }
        })
    }
  }
}
