import CatalogueSDK
import SeededRandom
import XCTest

@testable import Baselines

final class ProblemOracleTests: XCTestCase {
  func testRosenbrockGradientAtStart() throws {
    let f = Rosenbrock(dimension: 2)
    let (value, g) = try f.gradient([-1.2, 1])
    XCTAssertEqual(value, 24.2, accuracy: 1e-12)
    XCTAssertEqual(g[0], -215.6, accuracy: 1e-12)
    XCTAssertEqual(g[1], -88, accuracy: 1e-12)
  }
}
