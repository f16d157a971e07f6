import CatalogueHost
import CatalogueLab
import Foundation
import XCTest

/// A run whose host is stopped from outside while the plugin stalls (crash-hang reports 10 rows, then spins):
/// the rows reach the disk within a bounded time although no later row comes, a provisional `result.json` is in
/// the folder from the start, SIGTERM and SIGHUP end the run `cancelled` with everything written, and even
/// SIGKILL leaves a folder that `plot` and `run --config` read.
final class HostSignalTests: XCTestCase {
  /// Starts `catalogue run crash-hang` in the background.
  func startStalledRun(_ work: String, folder: String) throws -> Process {
    let fixtures = try fixtures()
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = ["run", "crash-hang", "--plugin-path", fixtures.crash, "--out", folder]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits (up to 20 s) until the stalled run's 10 rows are on disk, which only a flush without a later row does.
  func waitForStalledRows(_ trace: String, file: StaticString = #filePath, line: UInt = #line) {
    for _ in 0..<2000 where ((try? FileSystem.readText(trace))?.split(separator: "\n").count ?? 0) < 11 {
      usleep(10_000)
    }
    XCTAssertEqual(
      (try? FileSystem.readText(trace))?.split(separator: "\n").count, 11,
      "the rows reported before the stall did not reach trace.csv", file: file, line: line)
  }

  func result(_ folder: String) throws -> JSONValue {
    try JSONValue.parse(try FileSystem.readText(FileSystem.join(folder, "result.json")))
  }

  func testTermAndHangUpEndTheRunCancelledWithItsRowsAndResult() throws {
    for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
      let work = TestEnvironment.temporaryFolder(self)
      let process = try startStalledRun(work, folder: "stalled")
      let folder = FileSystem.join(work, "stalled")
      waitForStalledRows(FileSystem.join(folder, "trace.csv"))
      XCTAssertEqual(try result(folder)["termination"]?["reason"], .string("running"), name)
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 1, name)
      let json = try result(folder)
      XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"), name)
      let message = json["termination"]?["message"]?.stringValue ?? ""
      XCTAssertTrue(message.contains("catalogue received \(name)"), message)
      XCTAssertTrue(message.contains("10 trace rows were kept"), message)
      XCTAssertEqual(json["trace_rows"], .integer(10), name)
      XCTAssertEqual(try FileSystem.readText(FileSystem.join(folder, "trace.csv")).split(separator: "\n").count, 11)
    }
  }

  /// SIGKILL cannot be handled: the folder keeps the provisional result and the flushed rows, and both `plot` and
  /// `run --config` accept it. A last line cut mid-write is dropped, not read as a shorter number.
  func testAKilledHostLeavesAFolderThatPlotAndConfigRead() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let process = try startStalledRun(work, folder: "killed")
    let folder = FileSystem.join(work, "killed")
    waitForStalledRows(FileSystem.join(folder, "trace.csv"))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    XCTAssertEqual(try result(folder)["termination"]?["reason"], .string("running"))

    let run = try FinishedRun(folder: folder)
    XCTAssertEqual(run.trace.rows.count, 10)
    XCTAssertEqual(run.trace.rows.last?.first, 9)
    let plot = try TestEnvironment.run(["plot", "killed", "--out", "figures"], in: work)
    XCTAssertEqual(plot.status, 0, plot.stderr)
    let again = try TestEnvironment.run(
      [
        "run", "--config", "killed/result.json", "--plugin-path", fixtures.crash, "--out", "again", "--time-limit",
        "0.2",
      ], in: work)
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "again/trace.csv")).split(separator: "\n").count, 11,
      again.stderr)

    // A row cut mid-number ("9,0.4" of "9,0.41...") by a kill during the write.
    let tracePath = FileSystem.join(folder, "trace.csv")
    var trace = try FileSystem.readText(tracePath)
    trace.removeLast(8)
    try FileSystem.writeAtomically(Array(trace.utf8), to: tracePath)
    let cut = try FinishedRun(folder: folder)
    XCTAssertEqual(cut.trace.rows.count, 9)
    XCTAssertEqual(cut.trace.rows.last?.first, 8)
  }
}
