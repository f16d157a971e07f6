import CatalogueHost
import Foundation
import XCTest

/// `catalogue reproduce` on the C fixture's experiment (one claim false on purpose) and on the baselines'
/// experiment (every claim holds).
final class ReproduceTests: XCTestCase {
  func read(_ path: String) throws -> String { try FileSystem.readText(path) }

  func testListShowsTheDeclaredExperiments() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["reproduce", "--list", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertTrue(output.stdout.hasPrefix("EXPERIMENT"), output.stdout)
    let line = try XCTUnwrap(output.stdout.split(separator: "\n").first { $0.hasPrefix("cgood-rates ") })
    for text in ["org.catalogue.test.cgood 1.0.0", "6 (quick 4)", "  3  ", "Fixed step against exact line search"] {
      XCTAssertTrue(line.contains(text), "\(line) lacks \(text)")
    }
    let missing = try TestEnvironment.run(["reproduce", "nosuch", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("no experiment 'nosuch' (experiments: cgood-rates"), missing.stderr)
  }

  /// `--quick` leaves out a full-only run group and reports its full-only claim as skipped (not counted); the full
  /// version runs and checks both; a claim `--quick` would check about a full-only group is a plugin bug.
  func testQuickSkipsFullOnlyGroupsAndClaims() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let quick = try TestEnvironment.run(
      ["reproduce", "cgood-staged", "--quick", "--plugin-path", fixtures.good, "--out", "quick"], in: work)
    XCTAssertEqual(quick.status, 0, quick.stderr)
    XCTAssertTrue(quick.stdout.contains("1 of 1 claims hold (1 full-only claim skipped by --quick)"), quick.stdout)
    XCTAssertTrue(quick.stdout.contains("long-lower      skip"), quick.stdout)
    let quickFolders = try FileSystem.contents(of: FileSystem.join(work, "quick")).filter { $0.contains("-seed") }
    XCTAssertEqual(quickFolders, ["short-seed1"])
    let claims = try read(FileSystem.join(work, "quick/claims.csv"))
    XCTAssertTrue(claims.contains("long-lower,at_most_ratio,long,short,f,max,") && claims.contains(",skipped,"), claims)
    let markdown = try read(FileSystem.join(work, "quick/report.md"))
    XCTAssertTrue(
      markdown.contains("Verdict: all 1 checked claims hold. 1 full-only claim was skipped by `--quick`."), markdown)

    let full = try TestEnvironment.run(
      ["reproduce", "cgood-staged", "--plugin-path", fixtures.good, "--out", "full"], in: work)
    XCTAssertEqual(full.status, 0, full.stderr)
    XCTAssertTrue(full.stdout.contains("2 of 2 claims hold\n"), full.stdout)
    let fullFolders = try FileSystem.contents(of: FileSystem.join(work, "full")).filter { $0.contains("-seed") }
    XCTAssertEqual(fullFolders, ["long-seed1", "long-seed2", "short-seed1", "short-seed2"])

    let listed = try TestEnvironment.run(["reproduce", "--list", "--plugin-path", fixtures.good], in: work)
    let line = try XCTUnwrap(listed.stdout.split(separator: "\n").first { $0.hasPrefix("cgood-staged ") })
    XCTAssertTrue(line.contains("4 (quick 1)"), String(line))

    let bad = try TestEnvironment.run(
      ["reproduce", "cgood-staged-bad", "--quick", "--plugin-path", fixtures.good, "--out", "bad"], in: work)
    XCTAssertNotEqual(bad.status, 0)
    XCTAssertTrue(
      bad.stderr.contains("claim quick-about-long is checked by --quick but its run group long is full-only"),
      bad.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "bad")), .missing)
  }

  /// The fixture declares three claims, the last one false on purpose: reproduce exits 1, and the report names
  /// that claim, our measured value and by how much it fails, while the two true claims pass.
  func testAFailingClaimExitsOneAndTheReportSaysByHowMuch() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["reproduce", "cgood-rates", "--quick", "--plugin-path", fixtures.good, "--out", "report"], in: work)
    XCTAssertEqual(output.status, 1, output.stderr)
    XCTAssertTrue(output.stdout.contains("2 of 3 claims hold"), output.stdout)
    XCTAssertTrue(output.stdout.contains("too-fast      FAIL"), output.stdout)
    XCTAssertTrue(output.stdout.contains("descends      pass"), output.stdout)

    // Quick version: two seeds of 30 iterations per group.
    let folders = try FileSystem.contents(of: FileSystem.join(work, "report")).filter { $0.contains("-seed") }
    XCTAssertEqual(folders, ["exact-seed1", "exact-seed2", "plain-seed1", "plain-seed2"])
    let finals = try ["plain-seed1", "plain-seed2"].map { name in
      let result = try JSONValue.parse(try read(FileSystem.join(work, "report/\(name)/result.json")))
      XCTAssertEqual(result["iterations"]?.uint64Value, 30)
      return try XCTUnwrap(result["final_metrics"]?["f"]?.doubleValue)
    }
    let worst = finals.max()!

    let claims = try read(FileSystem.join(work, "report/claims.csv")).split(separator: "\n").map(String.init)
    XCTAssertEqual(claims.count, 4)
    let tooFast = try XCTUnwrap(claims.first { $0.hasPrefix("too-fast,range,plain,,f,max,0.0,1e-06,") })
    XCTAssertTrue(tooFast.contains(",\(worst),false,"), "measured is the worst seed's final f: \(tooFast)")
    XCTAssertTrue(claims.contains { $0.hasPrefix("descends,reduction,plain,,f,max,") && $0.contains(",true,") })
    XCTAssertTrue(
      claims.contains { $0.hasPrefix("exact-faster,at_most_ratio,exact,plain,f_final,") && $0.contains(",true,") })

    let markdown = try read(FileSystem.join(work, "report/report.md"))
    for text in [
      "**Verdict: 1 of 3 claims does not hold: `too-fast`",
      "A deliberately false claim: the fixed step reaches f \\<= 1e-6",
      "max over seeds of final `f` of plain ∈ [0, 1e-06]", "| **FAIL**: fails: above the upper bound 1e-06 by ",
      ", a factor ", "**pass**: holds", "quick (`--quick`", "![f-vs-iter.svg](f-vs-iter.svg)",
    ] {
      XCTAssertTrue(markdown.contains(text), "report.md lacks '\(text)':\n\(markdown)")
    }
    let html = try read(FileSystem.join(work, "report/report.html"))
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(html.contains("<p class=\"verdict fail\">"))
    XCTAssertTrue(html.contains("<tr class=\"fail\"><td><code>too-fast</code></td>"), html)
    XCTAssertEqual(html.components(separatedBy: "<svg xmlns=").count - 1, 1, "the figure of f inline")

    // The figure shows the table's numbers: the plain line's band ends at the seeds' extreme final values.
    let svg = try read(FileSystem.join(work, "report/f-vs-iter.svg"))
    XCTAssertEqual(try SeriesLabels.of(svg), ["plain", "exact"])
    let last = try XCTUnwrap(
      try read(FileSystem.join(work, "report/f-vs-iter.csv")).split(separator: "\n").last {
        $0.hasPrefix("plain,30.0,")
      })
    XCTAssertEqual(Double(last.split(separator: ",")[4]), worst)
    XCTAssertTrue(markdown.contains("| `f` | `plain` |"), markdown)
  }

  /// The baselines' experiment reproduces: exit code 0 and every claim passes.
  func testBaselinesExperimentHolds() throws {
    guard FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file else {
      throw XCTSkip("libBaselines.so is not built: run 'swift build' first")
    }
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["reproduce", "baselines-quadratic", "--quick", "--out", "ok"], in: work)
    XCTAssertEqual(output.status, 0, output.stdout + output.stderr)
    XCTAssertTrue(output.stdout.contains("4 of 4 claims hold"), output.stdout)
    let markdown = try read(FileSystem.join(work, "ok/report.md"))
    XCTAssertTrue(markdown.contains("**Verdict: all 4 claims hold.**"), markdown)
    XCTAssertFalse(markdown.contains("FAIL"))
  }
}
