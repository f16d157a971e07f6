import CatalogueSDK
import XCTest

@testable import LinearAttentionDynamics

/// The experiments' declarations: `--quick` must still check something in every experiment, and a claim about a
/// group that `--quick` skips must be skipped too (the host treats the opposite as a plugin bug).
final class ExperimentDeclarationTests: XCTestCase {
  func testEveryQuickVersionChecksAClaimAndSkipsOnlyFullOnlyClaims() {
    for experiment in DynamicsExperiments.all {
      let fullOnlyGroups = Set(experiment.runs.filter(\.fullOnly).map(\.label))
      let labels = Set(experiment.runs.map(\.label))
      XCTAssertTrue(experiment.claims.contains { !$0.fullOnly }, "\(experiment.id): --quick checks no claim")
      XCTAssertTrue(experiment.runs.contains { !$0.fullOnly }, "\(experiment.id): --quick runs no group")
      for claim in experiment.claims {
        XCTAssertTrue(labels.contains(claim.run), "\(experiment.id)/\(claim.id): unknown group \(claim.run)")
        if fullOnlyGroups.contains(claim.run) {
          XCTAssertTrue(claim.fullOnly, "\(experiment.id)/\(claim.id) is about a full-only group")
        }
        if case .atMostRatio(let other, _) = claim.check, fullOnlyGroups.contains(other) {
          XCTAssertTrue(claim.fullOnly, "\(experiment.id)/\(claim.id) compares with a full-only group")
        }
      }
    }
  }

  /// `lad-noise --quick` draws 2000 minibatch gradients on one seed; the notebook's 10,000 are full-only.
  func testNoiseQuickVersionIsTheSmallSample() throws {
    let noise = DynamicsExperiments.noise
    let quick = noise.runs.filter { !$0.fullOnly }
    XCTAssertEqual(quick.map(\.label), ["noise-2000"])
    let parameters = Dictionary(uniqueKeysWithValues: try XCTUnwrap(quick.first).algorithmParameters)
    XCTAssertEqual(parameters["noise_samples"], "2000")
    XCTAssertEqual(quick.first?.quickSeeds, 1)
    let full = try XCTUnwrap(noise.runs.first { $0.label == "noise" })
    XCTAssertTrue(full.fullOnly)
    XCTAssertEqual(Dictionary(uniqueKeysWithValues: full.algorithmParameters)["noise_samples"], "10000")
  }
}
