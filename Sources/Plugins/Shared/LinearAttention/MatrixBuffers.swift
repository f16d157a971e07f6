import LinearAlgebra

/// In-place elementwise helpers for the per-prompt workspace: they write into existing storage so the forward and
/// backward passes allocate nothing per prompt (products go through BLAS via `addProduct`).
extension Matrix {
  /// Overwrites every entry with those of `source` (same shape).
  @inline(__always)
  mutating func assign(_ source: Matrix) {
    precondition(rows == source.rows && cols == source.cols, "assign needs equal shapes")
    source.withUnsafeBufferPointer { s in
      withUnsafeMutableBufferPointer { d in
        for i in 0..<d.count { d[i] = s[i] }
      }
    }
  }

  /// Overwrites with `source` and zeroes the last column: Z·M for the mask M = diag(1, …, 1, 0).
  @inline(__always)
  mutating func assignMasked(_ source: Matrix) {
    assign(source)
    let start = rows * (cols - 1)
    withUnsafeMutableBufferPointer { d in
      for i in start..<d.count { d[i] = 0 }
    }
  }

  /// Sets every entry to zero.
  @inline(__always)
  mutating func setZero() {
    withUnsafeMutableBufferPointer { d in
      for i in 0..<d.count { d[i] = 0 }
    }
  }

  /// self += a ⊙ b (elementwise product), the gated memory terms of the LFOM Memformer.
  @inline(__always)
  mutating func addHadamard(_ a: Matrix, _ b: Matrix) {
    precondition(rows == a.rows && cols == a.cols && rows == b.rows && cols == b.cols, "addHadamard shapes")
    a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        withUnsafeMutableBufferPointer { d in
          for i in 0..<d.count { d[i] += x[i] * y[i] }
        }
      }
    }
  }
}

extension Matrix {
  /// Writes all entries of `block` (column-major) into column j: vec(block) becomes column j, so a batch of small
  /// matrices forms one tall matrix that a single `dgemm` can transform.
  @inline(__always)
  mutating func setColumn(_ j: Int, toEntriesOf block: Matrix) {
    let m = rows
    precondition(block.rows * block.cols == m, "setColumn needs a block with \(m) entries")
    block.withUnsafeBufferPointer { s in
      withUnsafeMutableBufferPointer { d in
        for i in 0..<m { d[i + j * m] = s[i] }
      }
    }
  }

  /// Overwrites every entry with column j of `tall` (the inverse of ``setColumn(_:toEntriesOf:)``).
  @inline(__always)
  mutating func assign(column j: Int, of tall: Matrix) {
    let m = tall.rows
    precondition(rows * cols == m, "assign(column:of:) needs \(m) entries")
    tall.withUnsafeBufferPointer { s in
      withUnsafeMutableBufferPointer { d in
        for i in 0..<m { d[i] = s[i + j * m] }
      }
    }
  }

  /// self ← s + sᵀ where s is column j of `tall` read as a square matrix: the symmetrised gradient of K = Z·M·Zᵀ.
  @inline(__always)
  mutating func assignSymmetricSum(column j: Int, of tall: Matrix) {
    let m = rows
    let base = j * tall.rows
    tall.withUnsafeBufferPointer { x in
      withUnsafeMutableBufferPointer { d in
        for c in 0..<m {
          for r in 0..<m { d[r + c * m] = x[base + r + c * m] + x[base + c + r * m] }
        }
      }
    }
  }
}
