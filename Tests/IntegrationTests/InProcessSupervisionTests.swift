import CatalogueHost
import Foundation
import XCTest

/// `run --in-process` keeps the worker's guarantees as far as one process can (InProcessSupervisor): rows reach
/// the disk while the plugin stalls; SIGTERM and SIGHUP end a reporting run `cancelled` at its next report; a
/// plugin that does not stop (crash-hang spins without reporting) is abandoned after the grace, the time limit's
/// margin or the watchdog, with trace.csv and the final result.json written and one error line.
final class InProcessSupervisionTests: XCTestCase {
  func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
  }

  func result(_ folder: String) throws -> JSONValue {
    try JSONValue.parse(try FileSystem.readText(FileSystem.join(folder, "result.json")))
  }

  func lines(_ path: String) -> Int { ((try? FileSystem.readText(path)) ?? "").split(separator: "\n").count }

  func testAStalledRunIsAbandonedByTheWatchdogAndTheTimeLimitWithItsRecord() throws {
    let fixtures = try fixtures()
    for (option, value, words) in [
      ("--watchdog", "1", "sent no report for 1 s (the watchdog"),
      ("--time-limit", "0.3", "time limit of 0.3 s reached, but crash-hang"),
    ] {
      let work = TestEnvironment.temporaryFolder(self)
      let start = ContinuousClock.now
      let output = try TestEnvironment.run(
        ["run", "crash-hang", "--plugin-path", fixtures.crash, "--in-process", "--out", "hang", option, value],
        in: work)
      XCTAssertLessThan(seconds(since: start), 20)
      XCTAssertEqual(output.status, 1, output.stderr)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), output.stderr)
      XCTAssertTrue(output.stderr.contains("abandoned in-process; 10 trace rows were kept"), output.stderr)
      XCTAssertEqual(lines(FileSystem.join(work, "hang/trace.csv")), 11)
      let json = try result(FileSystem.join(work, "hang"))
      XCTAssertEqual(json["termination"]?["reason"], .string("failed"))
      XCTAssertEqual(json["trace_rows"], .integer(10))
    }
  }

  /// Starts `catalogue run ARGS --in-process` in the background.
  func start(_ arguments: [String], in work: String) throws -> Process {
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = ["run"] + arguments + ["--in-process"]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits up to 20 s until a file has at least `count` lines.
  func wait(for count: Int, linesIn path: String) {
    var waited = 0
    while lines(path) < count && waited < 2000 {
      usleep(10_000)
      waited += 1
    }
  }

  func testTermAndHangUpEndAStalledRunCancelledWithItsRows() throws {
    let fixtures = try fixtures()
    for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
      let work = TestEnvironment.temporaryFolder(self)
      let process = try start(["crash-hang", "--plugin-path", fixtures.crash, "--out", "stalled"], in: work)
      let folder = FileSystem.join(work, "stalled")
      wait(for: 11, linesIn: FileSystem.join(folder, "trace.csv"))
      XCTAssertEqual(lines(FileSystem.join(folder, "trace.csv")), 11, "rows did not reach the disk during the stall")
      XCTAssertEqual(try result(folder)["termination"]?["reason"], .string("running"))
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 1, name)
      let json = try result(folder)
      XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"), name)
      let message = json["termination"]?["message"]?.stringValue ?? ""
      XCTAssertTrue(message.contains("catalogue received \(name), but crash-hang"), message)
      XCTAssertEqual(json["trace_rows"], .integer(10))
    }
  }

  /// A run that keeps reporting sees the signal at its next report and ends by itself, `cancelled`.
  func testTermEndsAReportingRunAtItsNextReport() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let process = try start(
      ["crash-noisy", "--plugin-path", fixtures.crash, "--out", "long", "--max-iters", "100000000"], in: work)
    let folder = FileSystem.join(work, "long")
    wait(for: 100, linesIn: FileSystem.join(folder, "trace.csv"))
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    let json = try result(folder)
    XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"))
    XCTAssertEqual(json["termination"]?["message"], .string("catalogue received SIGTERM"))
    let rows = json["trace_rows"]?.uint64Value ?? 0
    XCTAssertGreaterThanOrEqual(rows, 99)
    XCTAssertEqual(lines(FileSystem.join(folder, "trace.csv")), Int(rows) + 1)
  }
}
