import CatalogueSDK
import CatalogueSDKTesting
import SeededRandom
import XCTest

@testable import RiemannianLangevin

/// A third party's manifold: the unit sphere S² written here from its textbook formulas, independent of the
/// Manifolds module (its name is not one the plugin knows).
struct TestSphere: Geometry {
  var name: String { "test-sphere" }
  var pointSize: Int { 3 }
  var dimension: Int { 2 }
  var hasExp: Bool { true }
  var hasLog: Bool { false }
  var hasDistance: Bool { false }

  private func dot(_ a: [Double], _ b: [Double]) -> Double { a[0] * b[0] + a[1] * b[1] + a[2] * b[2] }
  private func unit(_ a: [Double]) -> [Double] {
    let r = dot(a, a).squareRoot()
    return a.map { $0 / r }
  }

  func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double { dot(u, v) }
  func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    let c = dot(x, u)
    return (0..<3).map { u[$0] - c * x[$0] }
  }
  func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] { try project(x, egrad) }
  func retract(_ x: [Double], _ v: [Double]) throws -> [Double] { unit((0..<3).map { x[$0] + v[$0] }) }
  func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let r = dot(v, v).squareRoot()
    if r < 1e-12 { return try retract(x, v) }
    return unit((0..<3).map { _cos(r) * x[$0] + _sin(r) / r * v[$0] })
  }
  func log(_ x: [Double], _ y: [Double]) throws -> [Double] { throw PluginError(.unsupported, "no log") }
  func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] { try project(y, u) }
  func distance(_ x: [Double], _ y: [Double]) throws -> Double { throw PluginError(.unsupported, "no distance") }
  func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] { unit(rng.normals(3)) }
  func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try project(x, rng.normals(3))
  }
  func manifoldError(_ x: [Double]) throws -> Double { abs(dot(x, x).squareRoot() - 1) }
}

/// vMF on the third party's sphere, its geometry handed to the sampler only as a C `cat_geometry` table
/// (exported and wrapped back, as the host does for a problem from another plugin).
struct VonMisesFisherOnTestSphere: SamplingProblem {
  let kappa: Double
  let mu: [Double] = [0, 0.6, 0.8]
  let exported: ExportedGeometry
  let table: ForeignGeometry

  init(kappa: Double) throws {
    self.kappa = kappa
    exported = ExportedGeometry(TestSphere(), host: HostServices(RecordingHost.table))
    table = ForeignGeometry(UnsafePointer(exported.table), host: HostServices(RecordingHost.table))
  }

  var dimension: Int { 3 }
  var geometry: (any Geometry)? { table }
  var statisticNames: [String] { ["mu_dot_x"] }
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] { try table.randomPoint(&rng) }
  func potential(_ x: [Double], samples: [Int]?) throws -> Double { -kappa * zip(mu, x).reduce(0) { $0 + $1.0 * $1.1 } }
  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    (try potential(x, samples: samples), mu.map { -kappa * $0 })
  }
  func statistics(_ x: [Double]) throws -> [Double] { [zip(mu, x).reduce(0) { $0 + $1.0 * $1.1 }] }
  func referenceExpectations() throws -> [Double] { [1 / _tanhTest(kappa) - 1 / kappa] }
}

private func _tanhTest(_ x: Double) -> Double { (_exp(2 * x) - 1) / (_exp(2 * x) + 1) }

final class ThirdPartyGeometryTests: XCTestCase {
  /// `glmc`, unchanged, samples vMF on a manifold it has never seen: the ergodic estimate of E[μᵀx] lands within
  /// the O(δ) bias plus Monte Carlo error of coth κ − 1/κ, and the iterates stay on the sphere.
  func testGLMCSamplesAThirdPartyManifold() throws {
    let problem = try VonMisesFisherOnTestSphere(kappa: 5)
    for algorithm in [LangevinAlgorithms.glmc, LangevinAlgorithms.glmcRetraction] {
      let record = try RecordingHost.run(
        algorithm, on: ProblemInstance(.sampling(problem), references: [("gradient_lipschitz", 5)]), seed: 9,
        budget: 300, parameters: ["chains": .int(400), "burn_in": .int(100), "step": .real(0.05)])
      let bias = try XCTUnwrap(record.results["ergodic_bias"])
      let error = try XCTUnwrap(record.results["ergodic_stderr"])
      XCTAssertLessThan(abs(bias), 0.01 + 4 * error, algorithm.id)
      XCTAssertLessThan(try XCTUnwrap(record.results["manifold_error_max"]), 1e-12)
    }
  }
}
