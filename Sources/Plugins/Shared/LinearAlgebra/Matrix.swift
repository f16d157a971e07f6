/// A dense real matrix stored **column-major** in one contiguous Swift array.
///
/// Column-major is LAPACK's order, so every factorisation and product hands ``elements`` to OpenBLAS without a
/// copy or a transpose (ARCHITECTURE.md §6). The storage is a Swift array, which gives value semantics with
/// copy-on-write: passing a matrix around is cheap, and mutating one never affects another. Element (i, j) lives
/// at `elements[i + j * rows]`. A manifold point held as `[Double]` in the SDK's ambient layout becomes a matrix
/// with ``init(rows:cols:elements:)`` without copying.
///
/// Shape mismatches are programming errors and trap (like an out-of-range array index); numerical failures are
/// thrown as ``LinearAlgebraError``.
public struct Matrix: Sendable, Hashable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let cols: Int
  /// The column-major storage; internal so that `rows * cols == storage.count` cannot be broken from outside.
  @usableFromInline
  var storage: [Double]

  /// The entries in column-major order (`elements.count == rows * cols`); reading it does not copy.
  @inlinable
  public var elements: [Double] { storage }

  /// The zero matrix, the usual starting point for filling entries.
  public init(rows: Int, cols: Int) {
    self.init(rows: rows, cols: cols, repeating: 0)
  }

  /// A matrix with every entry equal to `value`.
  public init(rows: Int, cols: Int, repeating value: Double) {
    precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
    self.rows = rows
    self.cols = cols
    self.storage = [Double](repeating: value, count: rows * cols)
  }

  /// Wraps column-major storage without copying it (the array's buffer is shared until one side mutates).
  public init(rows: Int, cols: Int, elements: [Double]) {
    precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
    precondition(elements.count == rows * cols, "Matrix(rows:cols:elements:) needs rows * cols elements")
    self.rows = rows
    self.cols = cols
    self.storage = elements
  }

  /// A matrix whose entry (i, j) is `entry(i, j)`, for building structured matrices in one expression.
  public init(rows: Int, cols: Int, entry: (_ i: Int, _ j: Int) throws -> Double) rethrows {
    precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
    var storage = [Double]()
    storage.reserveCapacity(rows * cols)
    for j in 0..<cols {
      for i in 0..<rows { storage.append(try entry(i, j)) }
    }
    self.init(rows: rows, cols: cols, elements: storage)
  }

  /// A matrix from a list of rows, the way matrices are written on paper (all rows must have equal length).
  public init(rows rowList: [[Double]]) {
    let r = rowList.count
    let c = rowList.first?.count ?? 0
    precondition(rowList.allSatisfy { $0.count == c }, "Matrix(rows:) needs rows of equal length")
    self.init(rows: r, cols: c) { i, j in rowList[i][j] }
  }

  /// A matrix from a list of columns; this is the storage order, so the columns are simply concatenated.
  public init(columns columnList: [[Double]]) {
    let c = columnList.count
    let r = columnList.first?.count ?? 0
    precondition(columnList.allSatisfy { $0.count == r }, "Matrix(columns:) needs columns of equal length")
    self.init(rows: r, cols: c, elements: Array(columnList.joined()))
  }

  /// Creates storage of `count` doubles that `initialize` must fill completely; avoids zero-filling buffers that
  /// BLAS is about to overwrite (an O(n²) cost that would show in small products).
  @inline(__always)
  init(rows: Int, cols: Int, uninitialized initialize: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
    let count = rows * cols
    let storage = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      try initialize(buffer)
      initialized = count
    }
    self.init(rows: rows, cols: cols, elements: storage)
  }

  /// The n×n identity, the neutral element of the product.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, cols: n)
    for i in 0..<n { m.storage[i + i * n] = 1 }
    return m
  }

  /// The square matrix with `diagonal` on its diagonal and zeros elsewhere.
  public static func diagonal(_ diagonal: [Double]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(rows: n, cols: n)
    for i in 0..<n { m.storage[i + i * n] = diagonal[i] }
    return m
  }

  /// Entry (i, j), zero-based; bounds are checked because a wrong index in column-major storage would silently
  /// read a different entry rather than trap.
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get {
      precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Matrix index out of range")
      return storage[i + j * rows]
    }
    set {
      precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Matrix index out of range")
      storage[i + j * rows] = newValue
    }
  }

  /// Whether the matrix is square, the precondition of every factorisation of square matrices.
  public var isSquare: Bool { rows == cols }

  /// The transpose Aᵀ, materialised (products take transposes as flags instead, which is cheaper).
  public func transposed() -> Matrix {
    let (r, c) = (rows, cols)
    return elements.withUnsafeBufferPointer { a in
      Matrix(
        rows: c, cols: r,
        uninitialized: { out in
          for j in 0..<c {
            for i in 0..<r { out[j + i * c] = a[i + j * r] }
          }
        })
    }
  }

  /// The symmetric part (A + Aᵀ)/2; removes round-off asymmetry before an eigendecomposition (spec §2.4, tip).
  public func symmetrized() -> Matrix {
    precondition(isSquare, "symmetrized() needs a square matrix")
    let n = rows
    return elements.withUnsafeBufferPointer { a in
      Matrix(
        rows: n, cols: n,
        uninitialized: { out in
          for j in 0..<n {
            out[j + j * n] = a[j + j * n]
            for i in (j + 1)..<n {
              let s = 0.5 * (a[i + j * n] + a[j + i * n])
              out[i + j * n] = s
              out[j + i * n] = s
            }
          }
        })
    }
  }

  /// Column j as an array (contiguous in storage, so this is one copy).
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < cols, "column index out of range")
    return Array(elements[(j * rows)..<((j + 1) * rows)])
  }

  /// Row i as an array (strided in storage).
  public func row(_ i: Int) -> [Double] {
    precondition(i >= 0 && i < rows, "row index out of range")
    return (0..<cols).map { elements[i + $0 * rows] }
  }

  /// The contiguous block of columns `range`, e.g. the first p columns of a 2p×2p exponential.
  public func columns(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= cols, "column range out of bounds")
    return Matrix(
      rows: rows, cols: range.count, elements: Array(elements[(range.lowerBound * rows)..<(range.upperBound * rows)]))
  }

  /// The diagonal entries A_ii for i < min(rows, cols).
  public var diagonalElements: [Double] {
    (0..<min(rows, cols)).map { elements[$0 + $0 * rows] }
  }

  /// The trace Σ A_ii, used by metrics such as tr(X⁻¹UX⁻¹V).
  public var trace: Double {
    precondition(isSquare, "trace needs a square matrix")
    var s = 0.0
    for i in 0..<rows { s += elements[i + i * rows] }
    return s
  }

  /// Read access to the column-major storage, for hot loops and direct BLAS calls.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Write access to the column-major storage (the count cannot change), for hot loops and direct BLAS calls.
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer(body)
  }
}

extension Matrix: CustomStringConvertible {
  /// Rows on separate lines, for test failure messages.
  public var description: String {
    (0..<rows).map { i in (0..<cols).map { j in "\(self[i, j])" }.joined(separator: " ") }.joined(separator: "\n")
  }
}
