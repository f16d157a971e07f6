import LinearAlgebra
import XCTest

final class ProductTests: XCTestCase {
  func testGemmAllTransposesAgainstNaiveLoop() {
    var rng = TestRandom(1)
    let a = rng.matrix(5, 3)
    let b = rng.matrix(3, 4)
    assertClose(Matrix.product(a, b), naiveProduct(a, b), 1e-14)
    assertClose(a * b, naiveProduct(a, b), 1e-14)
    let at = a.transposed()
    let bt = b.transposed()
    assertClose(Matrix.product(at, b, transposeA: true), naiveProduct(a, b), 1e-14)
    assertClose(Matrix.product(a, bt, transposeB: true), naiveProduct(a, b), 1e-14)
    assertClose(Matrix.product(at, bt, transposeA: true, transposeB: true, alpha: -2), -2 * naiveProduct(a, b), 1e-14)
  }

  func testScaledUpdateIsAlphaABPlusBetaC() {
    var rng = TestRandom(2)
    let a = rng.matrix(4, 6)
    let b = rng.matrix(6, 3)
    let c0 = rng.matrix(4, 3)
    var c = c0
    c.addProduct(a, b, alpha: 0.5, beta: -3)
    assertClose(c, 0.5 * naiveProduct(a, b) - 3 * c0, 1e-14)
  }

  func testBetaZeroIgnoresNaNInOutput() {
    // `Matrix.product` hands gemm uninitialised storage with β = 0; this pins down that OpenBLAS never reads it.
    var rng = TestRandom(3)
    let a = rng.matrix(7, 5)
    let b = rng.matrix(5, 6)
    var c = Matrix(rows: 7, cols: 6, repeating: .nan)
    c.addProduct(a, b, beta: 0)
    XCTAssertTrue(c.elements.allSatisfy(\.isFinite))
    assertClose(c, naiveProduct(a, b), 1e-14)
    var g = Matrix(rows: 5, cols: 5, repeating: .nan)
    g.addProduct(a, a, transposeA: true, beta: 0)
    assertClose(Matrix.gram(a), g, 1e-14)
  }

  func testGemvForms() {
    var rng = TestRandom(4)
    let a = rng.matrix(4, 3)
    let x = Vector((0..<3).map { _ in rng.uniform() })
    let expected = naiveProduct(a, Matrix(rows: 3, cols: 1, elements: x.elements))
    let y = a * x
    for i in 0..<4 { XCTAssertEqual(y[i], expected[i, 0], accuracy: 1e-14) }
    let z = Vector((0..<4).map { _ in rng.uniform() })
    let yt = Matrix.product(a, z, transpose: true, alpha: 2)
    let expectedT = naiveProduct(a.transposed(), Matrix(rows: 4, cols: 1, elements: z.elements))
    for i in 0..<3 { XCTAssertEqual(yt[i], 2 * expectedT[i, 0], accuracy: 1e-14) }
    var w = z
    w.addProduct(a, x, alpha: -1, beta: 2)
    for i in 0..<4 { XCTAssertEqual(w[i], 2 * z[i] - expected[i, 0], accuracy: 1e-14) }
  }

  func testAxpyGramAndNorms() {
    var rng = TestRandom(5)
    let a = rng.matrix(6, 4)
    let b = rng.matrix(6, 4)
    var c = a
    c.add(b, scaledBy: -0.25)
    assertClose(c, a - 0.25 * b, 1e-15)
    assertClose(Matrix.gram(a), naiveProduct(a.transposed(), a), 1e-14)
    assertClose(Matrix.gram(a, transpose: true), naiveProduct(a, a.transposed()), 1e-14)
    let g = Matrix.gram(a)
    XCTAssertEqual(g, g.transposed(), "gram is exactly symmetric")
    let sumSquares = a.elements.reduce(0) { $0 + $1 * $1 }
    XCTAssertEqual(a.frobeniusNorm, sumSquares.squareRoot(), accuracy: 1e-14)
    XCTAssertEqual(a.frobeniusInner(b), naiveProduct(a.transposed(), b).trace, accuracy: 1e-14)
    XCTAssertEqual(Matrix(rows: [[1, -2], [3, 4]]).oneNorm, 6)
  }

  func testEmptyInnerDimensionGivesZero() {
    let a = Matrix(rows: 3, cols: 0)
    let b = Matrix(rows: 0, cols: 2)
    XCTAssertEqual(a * b, Matrix(rows: 3, cols: 2))
  }
}
