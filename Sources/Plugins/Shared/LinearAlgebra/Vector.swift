import COpenBLAS

/// A dense real vector in one contiguous Swift array (value semantics, copy-on-write).
///
/// Kept distinct from an n×1 ``Matrix`` so that matrix–vector products select `gemv` rather than `gemm` and so
/// signatures say which they mean. Wrapping a `[Double]` (the SDK's point layout) does not copy.
public struct Vector: Sendable, Hashable {
  /// The storage; internal so that the element count stays what BLAS calls were sized for.
  @usableFromInline
  var storage: [Double]

  /// The entries (reading does not copy).
  @inlinable
  public var elements: [Double] { storage }

  /// Wraps an array without copying it.
  public init(_ elements: [Double]) { storage = elements }

  /// The zero vector of length `count`.
  public init(count: Int) { storage = [Double](repeating: 0, count: count) }

  /// A vector with every entry equal to `value`.
  public init(repeating value: Double, count: Int) { storage = [Double](repeating: value, count: count) }

  /// Storage that `initialize` fills completely, so BLAS outputs are not zero-filled first.
  @inline(__always)
  init(count: Int, uninitialized initialize: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
    storage = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      try initialize(buffer)
      initialized = count
    }
  }

  /// Number of entries.
  @inlinable
  public var count: Int { storage.count }

  /// Entry i, zero-based.
  @inlinable
  public subscript(i: Int) -> Double {
    get { storage[i] }
    set { storage[i] = newValue }
  }

  /// The Euclidean inner product xᵀy (BLAS `ddot`).
  public func dot(_ other: Vector) -> Double {
    precondition(count == other.count, "dot needs vectors of equal length")
    BLASThreads.ensureDefault()
    return cblas_ddot(Int32(count), storage, 1, other.storage, 1)
  }

  /// The Euclidean 2-norm ‖x‖₂ (BLAS `dnrm2`, which scales to avoid overflow and underflow).
  public var norm: Double {
    BLASThreads.ensureDefault()
    return cblas_dnrm2(Int32(count), storage, 1)
  }

  /// x ← x + α·y (BLAS `daxpy`), the scaled update of iterative methods, without a temporary.
  public mutating func add(_ y: Vector, scaledBy alpha: Double) {
    precondition(count == y.count, "add(_:scaledBy:) needs vectors of equal length")
    BLASThreads.ensureDefault()
    cblas_daxpy(Int32(count), alpha, y.storage, 1, &storage, 1)
  }

  /// x ← α·x (BLAS `dscal`).
  public mutating func scale(by alpha: Double) {
    BLASThreads.ensureDefault()
    cblas_dscal(Int32(count), alpha, &storage, 1)
  }

  /// Read access to the storage for hot loops.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Write access to the storage for hot loops (the count cannot change).
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer(body)
  }
}

extension Vector: ExpressibleByArrayLiteral {
  /// `[1, 2, 3] as Vector`, for tests and small constants.
  public init(arrayLiteral elements: Double...) { storage = elements }
}

extension Vector {
  /// Elementwise sum.
  public static func + (lhs: Vector, rhs: Vector) -> Vector {
    precondition(lhs.count == rhs.count, "+ needs vectors of equal length")
    return Vector(zip(lhs.storage, rhs.storage).map(+))
  }

  /// Elementwise difference.
  public static func - (lhs: Vector, rhs: Vector) -> Vector {
    precondition(lhs.count == rhs.count, "- needs vectors of equal length")
    return Vector(zip(lhs.storage, rhs.storage).map(-))
  }

  /// Negation.
  public static prefix func - (x: Vector) -> Vector { Vector(x.storage.map { -$0 }) }

  /// Scalar multiple α·x.
  public static func * (alpha: Double, x: Vector) -> Vector { Vector(x.storage.map { alpha * $0 }) }

  /// Scalar multiple x·α.
  public static func * (x: Vector, alpha: Double) -> Vector { alpha * x }

  /// Elementwise (Hadamard) product.
  public func hadamard(_ other: Vector) -> Vector {
    precondition(count == other.count, "hadamard needs vectors of equal length")
    return Vector(zip(storage, other.storage).map(*))
  }
}
