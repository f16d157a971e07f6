extension Matrix {
  /// Tile edge of ``symmetrize()``: a 32×32 tile of doubles and its mirror (16 KB) stay in the L1 cache.
  static let symmetrizeTile = 32

  /// Replaces A by its symmetric part (A + Aᵀ)/2 in place, entry for entry the values of ``symmetrized()``.
  ///
  /// The mirror image of a column is a row, a strided walk through memory; tile by tile both stay in cache, so a
  /// 1000 × 1000 matrix (8 MB, lincon-bilevel's Hessian) is symmetrised at memory speed and without a second buffer.
  public mutating func symmetrize() {
    precondition(isSquare, "symmetrize() needs a square matrix")
    let n = rows
    let tile = Self.symmetrizeTile
    storage.withUnsafeMutableBufferPointer { a in
      for jb in stride(from: 0, to: n, by: tile) {
        let jEnd = Swift.min(jb + tile, n)
        for ib in stride(from: jb, to: n, by: tile) {
          let iEnd = Swift.min(ib + tile, n)
          for j in jb..<jEnd {
            for i in Swift.max(ib, j + 1)..<Swift.max(iEnd, j + 1) {
              let s = 0.5 * (a[i + j * n] + a[j + i * n])
              a[i + j * n] = s
              a[j + i * n] = s
            }
          }
        }
      }
    }
  }
}
