import LinearAlgebra
import XCTest

/// A small deterministic generator for test matrices (splitmix64), so failures reproduce.
struct TestRandom {
  var state: UInt64

  init(_ seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [−1, 1).
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-52 - 1 }

  mutating func matrix(_ rows: Int, _ cols: Int) -> Matrix {
    Matrix(rows: rows, cols: cols) { _, _ in uniform() }
  }

  mutating func symmetric(_ n: Int) -> Matrix { matrix(n, n).symmetrized() }

  /// A well-conditioned SPD matrix AᵀA + n·I.
  mutating func spd(_ n: Int) -> Matrix {
    let a = matrix(n, n)
    return a.transposed() * a + Matrix.identity(n) * Double(n) * 0.1
  }
}

/// Entrywise reference product for checking BLAS calls.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
  Matrix(rows: a.rows, cols: b.cols) { i, j in
    var s = 0.0
    for k in 0..<a.cols { s += a[i, k] * b[k, j] }
    return s
  }
}

/// Asserts max |A − B| ≤ tol·max(1, max|B|).
func assertClose(
  _ a: Matrix, _ b: Matrix, _ tol: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(a.rows, b.rows, "rows \(message)", file: file, line: line)
  XCTAssertEqual(a.cols, b.cols, "cols \(message)", file: file, line: line)
  guard a.rows == b.rows && a.cols == b.cols else { return }
  let err = (a - b).maxAbs
  let scale = max(1, b.maxAbs)
  XCTAssertLessThanOrEqual(err, tol * scale, "max error \(err) \(message)", file: file, line: line)
}

/// Asserts that `body` throws a LinearAlgebraError of the given kind, routine and (if given) info.
func assertThrowsLinearAlgebra(
  _ kind: LinearAlgebraError.Kind, routine: String, info: Int? = nil, file: StaticString = #filePath,
  line: UInt = #line, _ body: () throws -> Void
) {
  do {
    try body()
    XCTFail("expected \(routine) to throw \(kind)", file: file, line: line)
  } catch let error as LinearAlgebraError {
    XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
    XCTAssertEqual(error.routine, routine, "\(error)", file: file, line: line)
    if let info { XCTAssertEqual(error.info, info, "\(error)", file: file, line: line) }
  } catch {
    XCTFail("unexpected error \(error)", file: file, line: line)
  }
}
