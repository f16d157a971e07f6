import Glibc
import LinearAlgebra

/// Dense d_y × d_y matrices (the lower-level Hessian H̃, the penalty metric M and the copies their Cholesky factors
/// are computed in) in memory the kernel is advised to back with transparent huge pages.
///
/// Each of these is a fresh 8 MB buffer at d_y = 1000, and the first write to fresh memory costs one page fault per
/// 4 KB page: 2048 faults per matrix, a fifth of the first step's CPU time in a profile of `implicit-kkt` (NumPy
/// advises huge pages for its arrays of 4 MB and more, so its copies fault 4 times). `madvise(MADV_HUGEPAGE)` on
/// the buffer before it is written lets the kernel map it in 2 MB pages; the values are the same either way. Only
/// the 2 MB-aligned part of a buffer is advised, and a failed advice leaves ordinary pages.
enum HugePageMatrix {
  /// Size of a transparent huge page on x86-64 and AArch64 Linux.
  static let hugePageBytes = 2 << 20

  /// A rows × cols matrix whose storage `fill` writes completely (entry (i, j) at i + j·rows).
  static func make(rows: Int, cols: Int, _ fill: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows
    -> Matrix
  {
    let count = rows * cols
    let storage = try [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      advise(buffer)
      try fill(buffer)
      initialized = count
    }
    return Matrix(rows: rows, cols: cols, elements: storage)
  }

  /// A copy of `m` in its own huge-page buffer (to be factored in place by a consuming `Cholesky` initialiser).
  static func copy(_ m: Matrix) -> Matrix {
    make(rows: m.rows, cols: m.cols) { out in
      m.elements.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
    }
  }

  /// Advises the 2 MB-aligned interior of `buffer` as huge pages (nothing for buffers under 4 MB).
  private static func advise(_ buffer: UnsafeMutableBufferPointer<Double>) {
    guard let base = buffer.baseAddress, buffer.count * 8 >= 2 * hugePageBytes else { return }
    let start = (UInt(bitPattern: base) + UInt(hugePageBytes - 1)) & ~UInt(hugePageBytes - 1)
    let end = (UInt(bitPattern: base + buffer.count)) & ~UInt(hugePageBytes - 1)
    guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)
  }
}
