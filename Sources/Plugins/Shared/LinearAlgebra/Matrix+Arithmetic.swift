/// Elementwise arithmetic. These are memory-bound loops that the compiler vectorises, so they stay in Swift; BLAS
/// is used where it wins (products, scaled updates, norms: see Matrix+Products.swift).
extension Matrix {
  /// Applies `op` entrywise to two equally shaped matrices.
  @inline(__always)
  func zipped(_ other: Matrix, _ op: (Double, Double) -> Double) -> Matrix {
    precondition(rows == other.rows && cols == other.cols, "elementwise operation needs equal shapes")
    let count = storage.count
    return storage.withUnsafeBufferPointer { a in
      other.storage.withUnsafeBufferPointer { b in
        Matrix(
          rows: rows, cols: cols,
          uninitialized: { out in
            for k in 0..<count { out[k] = op(a[k], b[k]) }
          })
      }
    }
  }

  /// A matrix with `transform` applied to every entry.
  public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
    Matrix(rows: rows, cols: cols, elements: try storage.map(transform))
  }

  /// Elementwise sum A + B.
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipped(rhs, +) }

  /// Elementwise difference A − B.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.zipped(rhs, -) }

  /// Negation −A.
  public static prefix func - (m: Matrix) -> Matrix { m.map { -$0 } }

  /// Scalar multiple α·A.
  public static func * (alpha: Double, m: Matrix) -> Matrix { m.map { alpha * $0 } }

  /// Scalar multiple A·α.
  public static func * (m: Matrix, alpha: Double) -> Matrix { m.map { alpha * $0 } }

  /// Scalar division A/α.
  public static func / (m: Matrix, alpha: Double) -> Matrix { m.map { $0 / alpha } }

  /// In-place sum A += B (no temporary when A's storage is uniquely referenced).
  public static func += (lhs: inout Matrix, rhs: Matrix) {
    precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "+= needs equal shapes")
    let count = lhs.storage.count
    rhs.storage.withUnsafeBufferPointer { b in
      lhs.storage.withUnsafeMutableBufferPointer { a in
        for k in 0..<count { a[k] += b[k] }
      }
    }
  }

  /// In-place difference A −= B.
  public static func -= (lhs: inout Matrix, rhs: Matrix) {
    precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "-= needs equal shapes")
    let count = lhs.storage.count
    rhs.storage.withUnsafeBufferPointer { b in
      lhs.storage.withUnsafeMutableBufferPointer { a in
        for k in 0..<count { a[k] -= b[k] }
      }
    }
  }

  /// In-place scaling A *= α.
  public static func *= (lhs: inout Matrix, alpha: Double) {
    lhs.storage.withUnsafeMutableBufferPointer { a in
      for k in a.indices { a[k] *= alpha }
    }
  }

  /// Elementwise (Hadamard) product A ∘ B, e.g. for the Lyapunov solver's divided differences.
  public func hadamard(_ other: Matrix) -> Matrix { zipped(other, *) }

  /// The largest absolute entry, a cheap scale for tolerances in tests and checks.
  public var maxAbs: Double { storage.reduce(0) { max($0, abs($1)) } }
}
