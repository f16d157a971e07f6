import CatalogueHost
import Foundation
import XCTest

/// `run.log` is written while the run goes: what a plugin prints reaches the file within the host's flush interval
/// (here while the plugin still spins), bounded to the first 1000 lines as they come plus the last 200 at the end,
/// with a marker for each cut (Fixtures/noisy_plugin.c, chatter-hang: 1500 lines, 10 rows, then a hang).
final class RunLogTests: XCTestCase {
  func testPluginOutputIsLoggedAsItComesAndCutWithMarkers() throws {
    let fixtures = try fixtures()
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    let work = TestEnvironment.temporaryFolder(self)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = ["run", "chatter-hang", "--plugin-path", fixtures.chatter, "--out", "chatter"]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let log = FileSystem.join(work, "chatter/run.log")
    var text = ""
    for _ in 0..<2000 where !text.contains("later output only the last 200 lines") {
      usleep(10_000)
      text = (try? FileSystem.readText(log)) ?? ""
    }
    XCTAssertTrue(process.isRunning, "the run ended before its output was checked")
    XCTAssertTrue(text.contains("[debug] worker output: chatter line 1\n"), text)
    XCTAssertTrue(text.contains("[debug] worker output: chatter line 1000\n"), text)
    XCTAssertFalse(text.contains("chatter line 1001\n"), "lines after the first 1000 are logged only at the end")

    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    text = try FileSystem.readText(log)
    XCTAssertTrue(text.contains("worker output: (300 more lines not kept; the last 200 follow)"), text)
    XCTAssertFalse(text.contains("chatter line 1300\n"), text)
    XCTAssertTrue(text.contains("chatter line 1301\n"), text)
    XCTAssertTrue(text.contains("chatter line 1500\n"), text)
    XCTAssertTrue(text.contains("cancelled: catalogue received SIGTERM"), text)
    XCTAssertEqual(text.components(separatedBy: "worker output: chatter line").count - 1, 1200)
    XCTAssertEqual(try FileSystem.readText(FileSystem.join(work, "chatter/trace.csv")).split(separator: "\n").count, 11)
  }

  /// Line cutting and the head/tail bounds, byte by byte: long lines are cut with a note, blank lines skipped, a
  /// line split across reads joined, an unfinished last line kept.
  func testTheOutputLogCutsLongLinesAndJoinsSplitOnes() {
    var log = WorkerOutputLog()
    var lines = log.append(Array("one\n\n  \ntw".utf8))
    lines += log.append(Array("o\n".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 5000) + Array("\nend".utf8))
    lines += log.finish()
    XCTAssertEqual(lines.count, 5)
    XCTAssertEqual(lines[0], "worker output: one")
    XCTAssertEqual(lines[1], "worker output: two")
    XCTAssertEqual(lines[2], "worker output: " + String(repeating: "y", count: 4096) + " [line cut at 4096 bytes]")
    XCTAssertEqual(lines[3], "worker output: " + String(repeating: "y", count: 904))
    XCTAssertEqual(lines[4], "worker output: end")
    XCTAssertEqual(log.lastLine, "end")
    XCTAssertEqual(log.bytes, 5016)
  }
}
