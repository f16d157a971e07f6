import CatalogueSDK
import XCTest

@testable import LinearAttention

/// Weight files read back bit for bit, and bad files are refused with a message naming the problem.
final class WeightsArchiveTests: XCTestCase {
  func testRoundTripIsExact() throws {
    let configurations = [
      TransformerConfiguration(featureDimension: 5, contextLength: 20, layers: 3, memory: .conjugate(learnStep: true)),
      TransformerConfiguration(
        featureDimension: 3, contextLength: 4, layers: 2, heads: 2, parametrisation: .valueKey, blocks: .scalar),
      TransformerConfiguration(
        featureDimension: 2, contextLength: 3, layers: 3, parametrisation: .unconstrained,
        memory: .lfom(indexing: .paper, shape: .full)),
    ]
    let models = try configurations.enumerated().map { try Fixtures.randomModel($1, seed: UInt64($0 + 1)) }
    let archive = WeightsArchive(
      metadata: [("algorithm", "memformer-cg"), ("covariance", "1 0.5 1e-17")],
      models: models.enumerated().map { (label: "m\($0)", model: $1) })
    let decoded = try WeightsArchive.decode(archive.encoded())
    XCTAssertEqual(decoded.meta("algorithm"), "memformer-cg")
    XCTAssertEqual(decoded.meta("covariance"), "1 0.5 1e-17")
    XCTAssertEqual(decoded.models.map(\.label), ["m0", "m1", "m2"])
    for (original, copy) in zip(models, decoded.models.map(\.model)) {
      XCTAssertEqual(copy.configuration, original.configuration)
      XCTAssertEqual(copy.weights, original.weights)
    }
  }

  func testBadFilesAreRefused() throws {
    XCTAssertThrowsError(try WeightsArchive.decode("hello\n"))
    let c = TransformerConfiguration(featureDimension: 2, contextLength: 3, layers: 1)
    let good = WeightsArchive(models: [("l1", try Fixtures.randomModel(c))]).encoded()
    XCTAssertNoThrow(try WeightsArchive.decode(good))
    XCTAssertThrowsError(try WeightsArchive.decode(good.replacingFirst("tensor A.0.0 2 2", with: "tensor A.0.0 2 3")))
    XCTAssertThrowsError(try WeightsArchive.decode(good.replacingFirst("end", with: "")))
    XCTAssertThrowsError(try WeightsArchive.read(path: "/nonexistent/weights.txt")) {
      XCTAssertEqual(($0 as? PluginError)?.code, .invalidArgument)
    }
  }
}

extension String {
  /// The string with the first occurrence of `target` replaced.
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    replacing(target, with: replacement, maxReplacements: 1)
  }
}
