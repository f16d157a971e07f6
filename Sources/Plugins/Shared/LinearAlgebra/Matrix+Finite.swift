extension Matrix {
  /// Whether every entry on and below the diagonal is finite: the part of a symmetric matrix LAPACK reads with
  /// `uplo = 'L'`, checked once where a matrix enters a factorisation instead of on every call.
  var isLowerTriangleFinite: Bool {
    let n = rows
    return storage.withUnsafeBufferPointer { p in
      for j in 0..<cols {
        for i in Swift.min(j, n)..<n where !p[i + j * n].isFinite { return false }
      }
      return true
    }
  }
}
