import CatalogueSDK
import Manifolds
import XCTest

/// The spec §3 suite, applied to every manifold in several dimensions (one test per law, looping over manifolds).
final class GeometryLawsTests: XCTestCase {
  static func cases() throws -> [LawCase] {
    [
      LawCase(geometry: try Euclidean(1), retractionAgreement: nil, parallelTransport: true),
      LawCase(geometry: try Euclidean(6), retractionAgreement: nil, parallelTransport: true),
      LawCase(geometry: try Sphere(2), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try Sphere(3), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try Sphere(12), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try Stiefel(n: 5, p: 2), retractionAgreement: 2, parallelTransport: false),
      LawCase(geometry: try Stiefel(n: 6, p: 3, retraction: .polar), retractionAgreement: 3, parallelTransport: false),
      LawCase(geometry: try Stiefel(n: 4, p: 4), retractionAgreement: 2, parallelTransport: false),
      LawCase(geometry: try Stiefel(n: 7, p: 1), retractionAgreement: 3, parallelTransport: false),
      LawCase(geometry: try SPD(1), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try SPD(3), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try SPD(6), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try SPD(6, exponential: .pade), retractionAgreement: 3, parallelTransport: true),
      LawCase(geometry: try Hyperbolic(1), retractionAgreement: nil, parallelTransport: true),
      LawCase(geometry: try Hyperbolic(2), retractionAgreement: nil, parallelTransport: true),
      LawCase(geometry: try Hyperbolic(5), retractionAgreement: nil, parallelTransport: true),
      LawCase(
        geometry: try ProductManifold(Sphere(3), SPD(2)), retractionAgreement: 3, parallelTransport: true),
      LawCase(
        geometry: try ProductManifold(Hyperbolic(2), Euclidean(3)), retractionAgreement: nil,
        parallelTransport: true),
      LawCase(
        geometry: try ProductManifold(Stiefel(n: 4, p: 2), Euclidean(2)), retractionAgreement: 2,
        parallelTransport: false),
    ]
  }

  func forEachCase(file: StaticString = #filePath, line: UInt = #line, _ law: (GeometryLaws) throws -> Void) throws {
    for c in try Self.cases() {
      do {
        try law(GeometryLaws(c: c, file: file, line: line))
      } catch {
        XCTFail("\(c.name): threw \(error)", file: file, line: line)
      }
    }
  }

  func testPointsStayOnManifoldAfterTenThousandSteps() throws {
    try forEachCase { try $0.staysOnManifold() }
  }

  func testTangentGaussianIsTangentAndStandard() throws {
    try forEachCase { try $0.tangentGaussianIsStandard() }
  }

  func testDistanceAlongExpEqualsTangentNorm() throws {
    try forEachCase { try $0.distanceAlongExp() }
  }

  func testExpAndLogAreInverses() throws {
    try forEachCase { try $0.expAndLogInvert() }
  }

  func testRiemannianGradientAgainstFiniteDifferences() throws {
    try forEachCase { try $0.gradientMatchesFiniteDifferences() }
  }

  func testTransportIsTangentAndParallelTransportIsAnIsometry() throws {
    try forEachCase { try $0.transportLaws() }
  }

  func testRetractionAgreesWithExpToItsOrder() throws {
    try forEachCase { try $0.retractionAgreesWithExp() }
  }
}
