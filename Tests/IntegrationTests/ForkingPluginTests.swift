import CatalogueHost
import Foundation
import XCTest

/// A plugin that forks a child and leaves it behind (Fixtures/fork_plugin.c): the child holds the host's pipes
/// open for 30 s. Runs, scans and validations must end without waiting for it, keep every reported row, and kill
/// it with the rest of the worker's process group, or, for a child that left the group with setsid()
/// (CATALOGUE_TEST_SETSID), as an orphan the host adopted (OrphanReaper).
final class ForkingPluginTests: XCTestCase {
  /// The fixture's environment: where its children record their pids, and whether they call setsid() first.
  func environment(_ record: String, escaping: Bool) -> [String: String] {
    var environment = ["CATALOGUE_TEST_FORKED": record]
    if escaping { environment["CATALOGUE_TEST_SETSID"] = "1" }
    return environment
  }

  /// The pids the fixture's children recorded, once they all have.
  func forkedChildren(_ record: String) -> [pid_t] {
    ((try? FileSystem.readText(record)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
  }

  /// True when the process is gone or a zombie waiting to be reaped (it runs no code either way).
  func isGone(_ pid: pid_t) -> Bool {
    guard let stat = try? FileSystem.readText("/proc/\(pid)/stat"),
      let close = stat.lastIndex(of: ")")
    else { return true }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
  }

  /// Waits up to 5 s for every recorded child to be gone.
  func assertChildrenKilled(_ record: String, count: Int, file: StaticString = #filePath, line: UInt = #line) {
    var children = forkedChildren(record)
    for _ in 0..<500 where children.count < count || !children.allSatisfy(isGone) {
      usleep(10_000)
      children = forkedChildren(record)
    }
    XCTAssertGreaterThanOrEqual(children.count, count, "the fixture did not fork", file: file, line: line)
    for pid in children {
      XCTAssertTrue(isGone(pid), "the forked child \(pid) still runs", file: file, line: line)
      kill(pid, SIGKILL)
    }
  }

  func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
  }

  /// The run returns as soon as the worker is done (the child would keep the event pipe open for 30 s), with all
  /// 101 rows (iterations 0 to 100) and a `max_iters` ending, and the child is killed.
  func testAChildForkedDuringTheRunDoesNotHoldTheRunOpen() throws {
    let fixtures = try fixtures()
    for escaping in [false, true] {
      let work = TestEnvironment.temporaryFolder(self)
      let record = FileSystem.join(work, "forked")
      let start = ContinuousClock.now
      let output = try TestEnvironment.run(
        ["run", "fork-run", "--plugin-path", fixtures.forkRun, "--out", "run"], in: work,
        environment: environment(record, escaping: escaping))
      XCTAssertLessThan(seconds(since: start), 20, "the host waited for the forked child (setsid: \(escaping))")
      XCTAssertEqual(output.status, 0, output.stderr)
      let trace = try FileSystem.readText(FileSystem.join(work, "run/trace.csv")).split(separator: "\n")
      XCTAssertEqual(trace.count, 102)
      let json = try JSONValue.parse(try FileSystem.readText(FileSystem.join(work, "run/result.json")))
      XCTAssertEqual(json["termination"]?["reason"], .string("max_iters"))
      assertChildrenKilled(record, count: 1)
    }
  }

  /// A plugin that forks and then hangs is stopped at the time limit (SIGTERM and SIGKILL reach the whole group),
  /// with the 50 rows it reported.
  func testAForkThenHangIsStoppedAtTheTimeLimitWithItsRows() throws {
    let fixtures = try fixtures()
    for escaping in [false, true] {
      let work = TestEnvironment.temporaryFolder(self)
      let record = FileSystem.join(work, "forked")
      let start = ContinuousClock.now
      let output = try TestEnvironment.run(
        ["run", "fork-hang", "--plugin-path", fixtures.forkRun, "--out", "hang", "--time-limit", "0.5"], in: work,
        environment: environment(record, escaping: escaping))
      XCTAssertLessThan(seconds(since: start), 20, "the host waited for the forked child (setsid: \(escaping))")
      XCTAssertEqual(output.status, 1, output.stderr)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains("time limit of 0.5 s reached, but fork-hang"), output.stderr)
      XCTAssertTrue(output.stderr.contains("50 trace rows were kept"), output.stderr)
      XCTAssertEqual(
        try FileSystem.readText(FileSystem.join(work, "hang/trace.csv")).split(separator: "\n").count, 51)
      assertChildrenKilled(record, count: 1)
    }
  }

  /// A plugin that forks in its entry point: the scan (in `run`, which also loads it in the worker) and each of
  /// `validate`'s checks end when their child ends, and every forked child is killed.
  func testAChildForkedInTheEntryPointHoldsNeitherScanRunNorValidate() throws {
    for escaping in [false, true] { try checkForksInTheEntryPoint(escaping: escaping) }
  }

  func checkForksInTheEntryPoint(escaping: Bool) throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let record = FileSystem.join(work, "forked")
    var start = ContinuousClock.now
    let run = try TestEnvironment.run(
      ["run", "fork-run", "--plugin-path", fixtures.forkEntry, "--out", "entry", "--max-iters", "20"], in: work,
      environment: environment(record, escaping: escaping))
    XCTAssertLessThan(seconds(since: start), 20, "the host waited for a forked child")
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(try FileSystem.readText(FileSystem.join(work, "entry/trace.csv")).split(separator: "\n").count, 22)
    assertChildrenKilled(record, count: 2)  // one from the scanner, one from the worker

    start = ContinuousClock.now
    let validate = try TestEnvironment.run(
      ["validate", FileSystem.join(fixtures.forkEntry, "libforkentry.so"), "--json", "--timeout", "10"], in: work,
      environment: environment(record, escaping: escaping))
    XCTAssertLessThan(seconds(since: start), 20, "validate waited for a forked child")
    let json = try JSONValue.parse(validate.stdout)
    let statuses = Dictionary(
      (json["checks"]?.arrayValue ?? []).map { ($0["id"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") },
      uniquingKeysWith: { first, _ in first })
    for id in ["load", "abi", "descriptors", "run:fork-run"] {
      XCTAssertEqual(statuses[id], "pass", "\(id): \(validate.stdout)")
    }
    assertChildrenKilled(record, count: 3)
  }
}
