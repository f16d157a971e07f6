import XCTest

@testable import CatalogueHost

/// The scanner's reply, the registry cache and the worker's plan carry `PluginInfo` and parameter values through
/// `JSONCoding`: they must come back exactly, including the values JSON cannot hold (infinite bounds, NaN), 64-bit
/// integers, shortest doubles and every optional field.
final class InternalDocumentTests: XCTestCase {
  static let citation = Citation(
    year: 2024, authors: "A. Author, B. Author", title: "A \"quoted\" title\nwith a newline", venue: "NeurIPS 2024",
    arxivID: "2405.15816", url: nil)

  static let sample = PluginInfo(
    id: "org.catalogue.sample", name: "Sample", version: SemanticVersion("1.2.3-rc.1+build.5")!, summary: "s",
    license: "MIT", citation: citation, abiMajor: 1, abiMinor: 0,
    algorithms: [
      AlgorithmInfo(
        id: "alg", name: "Algorithm", summary: "σ summary", provenance: .reconstructed, provenanceNote: "note",
        citation: nil, problemKinds: [.objective, .bilevel, ProblemKind(rawValue: 17)],
        needs: [.hessianVector, .euclidean], defaultProblem: "other.plugin/p", defaultMaxIters: .max,
        parameters: [
          ParameterSpec(
            id: "step", kind: .real, help: "h", unit: "1/L", defaultValue: .real(0.1), minReal: 0,
            maxReal: .infinity, minExclusive: true, logScale: true),
          ParameterSpec(id: "n", kind: .int, defaultValue: .int(-3), minInt: .min, maxInt: 7, maxExclusive: true),
          ParameterSpec(id: "flag", kind: .bool, defaultValue: .bool(true)),
          ParameterSpec(id: "mode", kind: .choice, defaultValue: .string("b"), choices: ["a", "b"]),
          ParameterSpec(id: "label", kind: .string, defaultValue: .string("")),
          ParameterSpec(id: "bad", kind: .real, defaultValue: .real(.nan), minReal: -.infinity),
        ])
    ],
    problems: [
      ProblemInfo(
        id: "p", name: "P", summary: "", kind: .sampling,
        parameters: [ParameterSpec(id: "whole", kind: .real, defaultValue: .real(1), minReal: -1, maxReal: 1)])
    ],
    experiments: [
      ExperimentInfo(
        id: "exp", title: "T", summary: "S",
        runs: [
          .init(
            label: "a", algorithm: "alg", problem: nil, algorithmParameters: "step=0.5", problemParameters: nil,
            firstSeed: .max, seedCount: 3, maxIters: 10, quickSeedCount: 1, quickMaxIters: 2, fullOnly: true)
        ],
        claims: [
          .init(
            id: "c", kind: 3, statement: "slope", run: "a", otherRun: nil, metric: "f", aggregate: 2, lower: -.infinity,
            upper: -0.9, fullOnly: true)
        ])
    ])

  func testRoundTripIsExact() throws {
    let decoded = try JSONCoding.decode(PluginInfo.self, from: JSONCoding.encode(Self.sample))
    // NaN != NaN, so compare everything but the NaN default directly, and that one by its description.
    XCTAssertEqual(decoded.algorithms[0].parameters.last?.defaultValue.description, "nan")
    var expected = Self.sample
    var actual = decoded
    expected.algorithms[0].parameters.removeLast()
    actual.algorithms[0].parameters.removeLast()
    XCTAssertEqual(actual, expected)
    XCTAssertEqual(decoded.version.description, "1.2.3-rc.1+build.5")
    XCTAssertEqual(decoded.algorithms[0].parameters[0].maxReal, .infinity)
    XCTAssertEqual(decoded.algorithms[0].parameters[1].minInt, .min)
    XCTAssertEqual(decoded.experiments[0].claims[0].lower, -.infinity)
    XCTAssertEqual(decoded.algorithms[0].defaultMaxIters, .max)
    XCTAssertEqual(decoded.experiments[0].runs[0].firstSeed, .max)
    XCTAssertEqual(decoded.fingerprint, Self.sample.fingerprint)
  }

  func testRealAndIntValuesKeepTheirKindAndDoublesTheirBits() throws {
    let values: [ParameterValue] = [
      .real(1), .int(1), .bool(false), .string("1"), .real(0.1 + 0.2), .real(-.leastNonzeroMagnitude),
      .real(.greatestFiniteMagnitude), .int(.min),
    ]
    let decoded = try JSONCoding.decode([ParameterValue].self, from: JSONCoding.encode(values))
    XCTAssertEqual(decoded, values)
  }

  func testFingerprintChangesWithAnyField() {
    var changed = Self.sample
    changed.algorithms[0].parameters[0].maxReal = 1
    XCTAssertNotEqual(changed.fingerprint, Self.sample.fingerprint)
    XCTAssertEqual(Self.sample.fingerprint.count, 16)
  }

  func testDamagedDocumentsAreRejectedWithTheField() throws {
    var text = String(decoding: try JSONCoding.encode(Self.sample), as: UTF8.self)
    text = text.replacing("\"abiMajor\":1", with: "\"abiMajor\":\"one\"")
    XCTAssertThrowsError(try JSONCoding.decode(PluginInfo.self, from: Array(text.utf8))) { error in
      XCTAssertEqual("\(error)", "field 'abiMajor' is not an integer")
    }
    let missing = #"{"id":"x"}"#
    XCTAssertThrowsError(try JSONCoding.decode(PluginInfo.self, from: Array(missing.utf8))) { error in
      XCTAssertTrue("\(error)".hasPrefix("no field '"), "\(error)")
    }
    XCTAssertThrowsError(try JSONCoding.decode(PluginInfo.self, from: Array("[]".utf8)))
  }

  func testScanOutcomesRoundTrip() throws {
    var info = Self.sample
    info.algorithms[0].parameters.removeLast()
    for outcome in [ScanOutcome.failed("crashed"), .notPlugin("no symbol"), .plugin(info)] {
      XCTAssertEqual(try JSONCoding.decode(ScanOutcome.self, from: JSONCoding.encode(outcome)), outcome)
    }
    XCTAssertThrowsError(try JSONCoding.decode(ScanOutcome.self, from: Array(#"{"maybe":{}}"#.utf8)))
  }
}
