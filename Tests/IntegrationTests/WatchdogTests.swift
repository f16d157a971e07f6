import CatalogueHost
import Foundation
import XCTest

/// The watchdog ends a plugin that hangs without a time limit with one line, keeps its rows, and can be changed
/// or turned off; `--time-limit` also stops a foreign objective that hangs at the start point, before the run
/// has started.
final class WatchdogTests: XCTestCase {
  func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
  }

  func testAHangWithoutATimeLimitEndsWithOneLineFromTheWatchdog() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let start = ContinuousClock.now
    let output = try TestEnvironment.run(
      ["run", "crash-hang", "--plugin-path", fixtures.crash, "--out", "hang", "--watchdog", "1"], in: work)
    XCTAssertLessThan(seconds(since: start), 20)
    XCTAssertEqual(output.status, 1)
    XCTAssertEqual(
      output.errorLines,
      [
        "error: run failed: crash-hang (org.catalogue.test.crash 1.0.0) sent no report for 1 s and was stopped by the "
          + "watchdog after iteration 9 (--watchdog SECONDS changes the limit, 0 turns it off); 10 trace rows were kept"
      ])
    XCTAssertEqual(try FileSystem.readText(FileSystem.join(work, "hang/trace.csv")).split(separator: "\n").count, 11)
    let json = try JSONValue.parse(try FileSystem.readText(FileSystem.join(work, "hang/result.json")))
    XCTAssertEqual(json["termination"]?["reason"], .string("failed"))
  }

  /// With the watchdog off, the time limit is what stops the hang (the watchdog would have fired first at 0.2 s).
  func testTheWatchdogCanBeTurnedOffAndRejectsNonsense() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["run", "crash-hang", "--plugin-path", fixtures.crash, "--out", "off", "--watchdog", "0", "--time-limit", "0.5"],
      in: work)
    XCTAssertEqual(output.status, 1)
    XCTAssertTrue(output.stderr.contains("time limit of 0.5 s reached"), output.stderr)
    XCTAssertFalse(output.stderr.contains("watchdog"), output.stderr)
    for (value, words) in [
      ("-1", "--watchdog must be a number of seconds >= 0"), ("nan", "'nan' is not a finite number"),
      ("inf", "'inf' is not a finite number"),
    ] {
      let bad = try TestEnvironment.run(
        ["run", "crash-hang", "--plugin-path", fixtures.crash, "--watchdog", value], in: work)
      XCTAssertEqual(bad.status, 2, value)
      XCTAssertTrue(bad.stderr.contains("--watchdog") && bad.stderr.contains(words), bad.stderr)
    }
  }

  /// A foreign objective that never returns at the start point: the instance is never built, so the run never
  /// starts, and the time limit still stops it (counted from the worker's start) with one line and no folder.
  func testATimeLimitStopsAForeignObjectiveHangingAtTheStartPoint() throws {
    guard FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file else {
      throw XCTSkip("the baselines plugin is not built")
    }
    let work = TestEnvironment.temporaryFolder(self)
    let library = FileSystem.join(work, "libobjectives.so")
    try Fixtures.compile(
      FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/objectives.c"), to: library)
    let start = ContinuousClock.now
    let output = try TestEnvironment.run(
      [
        "run", "gd", "--objective", "\(library):hang_forever", "--signature", "double(const double*, int64)", "--dim",
        "2", "--time-limit", "0.5", "--out", "hang",
      ], in: work)
    XCTAssertLessThan(seconds(since: start), 20)
    XCTAssertEqual(output.status, 1, output.stderr)
    XCTAssertEqual(output.errorLines.count, 1, output.stderr)
    XCTAssertTrue(
      output.stderr.contains("was stopped before its run started: time limit of 0.5 s reached"), output.stderr)
  }
}
