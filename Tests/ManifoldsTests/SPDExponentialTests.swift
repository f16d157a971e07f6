import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

/// Exp on SPD(n) through the Padé exponential against the eigendecomposition form, at the sizes RF²SA runs
/// (d = 8 and the paper's d = 50), over tangent vectors from tiny to ‖V‖_X = 30, from a point far from the identity.
final class SPDExponentialTests: XCTestCase {
  func testPadeExpMatchesTheEigendecompositionFormAndStaysPositiveDefinite() throws {
    var rng = CatalogueRandom(seed: 7)
    for n in [8, 50] {
      let eigen = try SPD(n)
      let pade = try SPD(n, exponential: .pade)
      let x = try eigen.randomPoint(&rng)
      for norm in [1e-8, 1e-3, 0.1, 1, 3, 10, 30] {
        var v = try eigen.tangentGaussian(x, &rng)
        let scale = norm / (try eigen.norm(x, v))
        v = v.map { $0 * scale }
        let a = try pade.exp(x, v)
        let b = try eigen.exp(x, v)
        let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let size = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertLessThan(difference / size, 1e-12, "n=\(n) ‖V‖=\(norm)")
        XCTAssertLessThan(try pade.manifoldError(a), 1e-12 * size, "symmetric and positive definite, ‖V‖=\(norm)")
        XCTAssertNoThrow(try Cholesky(Matrix(rows: n, cols: n, elements: a)))
      }
    }
  }

  func testPadeExpIsTheIdentityForAZeroStep() throws {
    let pade = try SPD(4, exponential: .pade)
    var rng = CatalogueRandom(seed: 3)
    let x = try pade.randomPoint(&rng)
    let y = try pade.exp(x, [Double](repeating: 0, count: 16))
    for (a, b) in zip(x, y) { XCTAssertEqual(a, b, accuracy: 1e-14 * max(1, abs(b))) }
  }
}
