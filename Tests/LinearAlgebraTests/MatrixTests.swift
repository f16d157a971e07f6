import LinearAlgebra
import XCTest

final class MatrixTests: XCTestCase {
  func testColumnMajorLayoutAndConstructorsAgree() {
    let byRows = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(byRows.rows, 2)
    XCTAssertEqual(byRows.cols, 3)
    XCTAssertEqual(byRows.elements, [1, 4, 2, 5, 3, 6])
    XCTAssertEqual(byRows, Matrix(columns: [[1, 4], [2, 5], [3, 6]]))
    XCTAssertEqual(byRows, Matrix(rows: 2, cols: 3, elements: [1, 4, 2, 5, 3, 6]))
    XCTAssertEqual(byRows[1, 2], 6)
    XCTAssertEqual(byRows[0, 1], 2)
    XCTAssertEqual(byRows.row(1), [4, 5, 6])
    XCTAssertEqual(byRows.column(2), [3, 6])
    XCTAssertEqual(byRows.columns(1..<3), Matrix(rows: [[2, 3], [5, 6]]))
  }

  func testTransposeIdentityDiagonalAndTrace() {
    let a = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(a.transposed(), Matrix(rows: [[1, 4], [2, 5], [3, 6]]))
    XCTAssertEqual(a.transposed().transposed(), a)
    XCTAssertEqual(Matrix.identity(3) * a.transposed(), a.transposed())
    XCTAssertEqual(Matrix.diagonal([1, 2]), Matrix(rows: [[1, 0], [0, 2]]))
    XCTAssertEqual(Matrix(rows: [[1, 7], [3, 4]]).trace, 5)
    XCTAssertEqual(Matrix(rows: [[1, 7], [3, 4]]).symmetrized(), Matrix(rows: [[1, 5], [5, 4]]))
    XCTAssertEqual(a.diagonalElements, [1, 5])
  }

  func testElementwiseArithmetic() {
    let a = Matrix(rows: [[1, 2], [3, 4]])
    let b = Matrix(rows: [[5, 6], [7, 8]])
    XCTAssertEqual(a + b, Matrix(rows: [[6, 8], [10, 12]]))
    XCTAssertEqual(b - a, Matrix(rows: [[4, 4], [4, 4]]))
    XCTAssertEqual(-a, Matrix(rows: [[-1, -2], [-3, -4]]))
    XCTAssertEqual(2 * a, a * 2)
    XCTAssertEqual(a / 2, Matrix(rows: [[0.5, 1], [1.5, 2]]))
    XCTAssertEqual(a.hadamard(b), Matrix(rows: [[5, 12], [21, 32]]))
    var c = a
    c += b
    c -= a
    XCTAssertEqual(c, b)
    c *= 0.5
    XCTAssertEqual(c, b / 2)
    XCTAssertEqual(a.maxAbs, 4)
  }

  func testCopyOnWriteKeepsValueSemantics() {
    let a = Matrix(rows: [[1, 2], [3, 4]])
    var b = a
    b[0, 0] = 99
    XCTAssertEqual(a[0, 0], 1)
    XCTAssertEqual(b[0, 0], 99)
  }

  func testVectorOperations() {
    let x: Vector = [3, 4]
    XCTAssertEqual(x.norm, 5, accuracy: 1e-15)
    XCTAssertEqual(x.dot([1, 2]), 11)
    var y: Vector = [1, 1]
    y.add(x, scaledBy: 2)
    XCTAssertEqual(y, [7, 9])
    y.scale(by: -1)
    XCTAssertEqual(y, [-7, -9])
    XCTAssertEqual(x + [1, 1], [4, 5])
    XCTAssertEqual(x - [1, 1], [2, 3])
    XCTAssertEqual(2 * x, [6, 8])
    XCTAssertEqual(x.hadamard([2, 0.5]), [6, 2])
  }

  func testBLASThreadsDefaultAndSet() {
    BLASThreads.configureDefault()
    BLASThreads.set(2)
    XCTAssertEqual(BLASThreads.current, 2)
    BLASThreads.set(1)
    XCTAssertEqual(BLASThreads.current, 1)
    BLASThreads.set(0)
    XCTAssertEqual(BLASThreads.current, 1, "counts below 1 are clamped")
  }
}

/// The in-place tiled symmetrisation gives ``Matrix/symmetrized()``'s values bit for bit, across tile boundaries.
final class SymmetrizeTests: XCTestCase {
  func testInPlaceEqualsSymmetrizedBitForBit() {
    var rng = TestRandom(77)
    for n in [0, 1, 2, 31, 32, 33, 70] {
      let a = rng.matrix(n, n)
      var b = a
      b.symmetrize()
      XCTAssertEqual(b.elements.map(\.bitPattern), a.symmetrized().elements.map(\.bitPattern), "n=\(n)")
      XCTAssertEqual(b, b.transposed(), "n=\(n)")
    }
  }
}
