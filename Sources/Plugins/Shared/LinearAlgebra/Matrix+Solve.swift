import COpenBLAS

extension Matrix {
  /// Solves A·X = B for square A by LU with partial pivoting (LAPACK `dgesv`).
  ///
  /// This is the solve inside the Padé matrix exponential; throws `.singular` with the zero pivot's index.
  public func solve(_ b: Matrix) throws -> Matrix {
    precondition(isSquare, "solve needs a square matrix")
    precondition(b.rows == rows, "solve: right-hand side has \(b.rows) rows, expected \(rows)")
    let n = rows
    var x = b
    guard n > 0 && b.cols > 0 else { return x }
    BLASThreads.ensureDefault()
    var lu = self
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.storage.withUnsafeMutableBufferPointer { a in
      x.storage.withUnsafeMutableBufferPointer { bp in
        LAPACKE_dgesv(
          LAPACK_COL_MAJOR, Int32(n), Int32(b.cols), a.baseAddress, Int32(n), &pivots, bp.baseAddress, Int32(n))
      }
    }
    try check(info, "dgesv", positive: .singular)
    return x
  }

  /// Solves A·x = b for one right-hand side (LAPACK `dgesv`).
  public func solve(_ b: Vector) throws -> Vector {
    Vector(try solve(Matrix(rows: b.count, cols: 1, elements: b.elements)).elements)
  }
}
