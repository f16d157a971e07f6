import SeededRandom
import XCTest

@testable import LinearAttention

/// L-BFGS: the two-loop recursion and the Armijo line search on problems with known minimisers.
final class LBFGSTests: XCTestCase {
  /// A strictly convex quadratic ½xᵀAx − bᵀx (d = 8, condition number 100): monotone decrease and the exact
  /// minimiser A⁻¹b to 1e-8.
  func testConvergesOnAQuadraticWithMonotoneDecrease() {
    let d = 8
    let eigenvalues = (0..<d).map { 1 + 99 * Double($0) / Double(d - 1) }
    var rng = CatalogueRandom(seed: 3)
    let b = (0..<d).map { _ in rng.normal() }
    // Diagonal A: the minimiser is b_i / λ_i; L-BFGS is rotation invariant, so a diagonal A loses nothing.
    func objective(_ x: [Double]) -> (value: Double, gradient: [Double]) {
      var value = 0.0
      var gradient = [Double](repeating: 0, count: d)
      for i in 0..<d {
        value += 0.5 * eigenvalues[i] * x[i] * x[i] - b[i] * x[i]
        gradient[i] = eigenvalues[i] * x[i] - b[i]
      }
      return (value, gradient)
    }
    var method = LBFGS(history: 5)
    var x = [Double](repeating: 0, count: d)
    var (value, gradient) = objective(x)
    for _ in 0..<100 {
      let previous = value
      guard method.step(&x, value: &value, gradient: &gradient, objective: objective) else { break }
      XCTAssertLessThanOrEqual(value, previous)
    }
    for i in 0..<d { XCTAssertEqual(x[i], b[i] / eigenvalues[i], accuracy: 1e-8) }
    XCTAssertEqual(method.memory, 5)
  }

  /// Rosenbrock's function from (−1.2, 1): the minimiser (1, 1).
  func testSolvesRosenbrock() {
    func objective(_ x: [Double]) -> (value: Double, gradient: [Double]) {
      let (a, c) = (1 - x[0], x[1] - x[0] * x[0])
      return (a * a + 100 * c * c, [-2 * a - 400 * x[0] * c, 200 * c])
    }
    var method = LBFGS(history: 10)
    var x = [-1.2, 1.0]
    var (value, gradient) = objective(x)
    for _ in 0..<500 {
      guard method.step(&x, value: &value, gradient: &gradient, objective: objective) else { break }
    }
    XCTAssertEqual(x[0], 1, accuracy: 1e-6)
    XCTAssertEqual(x[1], 1, accuracy: 1e-6)
  }

  /// The direction with no memory is steepest descent.
  func testEmptyMemoryIsSteepestDescent() {
    XCTAssertEqual(LBFGS().direction([1, -2, 3]), [-1, 2, -3])
  }
}
