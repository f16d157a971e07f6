import CatalogueHost
import Foundation
import XCTest

/// Runs in a worker process: the same files as in-process runs, and a clear ending with the trace kept when a
/// plugin crashes, traps, aborts, exits or hangs.
final class WorkerRunTests: XCTestCase {
  func read(_ path: String) throws -> String { try FileSystem.readText(path) }

  func result(_ folder: String) throws -> JSONValue {
    try JSONValue.parse(try read(FileSystem.join(folder, "result.json")))
  }

  /// The result documents without the fields that legitimately differ between two runs.
  func comparable(_ json: JSONValue) -> JSONValue {
    guard case .object(var members) = json else { return json }
    for key in ["wall_time_s", "time_per_iteration_s", "run_folder", "command_line", "started_utc"] {
      members.removeValue(forKey: key)
    }
    return .object(members)
  }

  func testWorkerAndInProcessRunsWriteTheSameTrace() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let arguments = [
      "run", "cgd", "--plugin-path", fixtures.good, "--seed", "5", "-p", "noise=0.3", "-p", "batch=1",
      "-p", "rule=exact", "--max-iters", "200",
    ]
    let worker = try TestEnvironment.run(arguments + ["--out", "worker"], in: work)
    let inProcess = try TestEnvironment.run(arguments + ["--out", "here", "--in-process"], in: work)
    XCTAssertEqual(worker.status, 0, worker.stderr)
    XCTAssertEqual(inProcess.status, 0, inProcess.stderr)
    let trace = try read(FileSystem.join(work, "worker/trace.csv"))
    XCTAssertEqual(trace.split(separator: "\n").count, 202)
    XCTAssertEqual(trace, try read(FileSystem.join(work, "here/trace.csv")))
    XCTAssertEqual(
      try read(FileSystem.join(work, "worker/final.txt")), try read(FileSystem.join(work, "here/final.txt")))
    XCTAssertEqual(
      comparable(try result(FileSystem.join(work, "worker"))), comparable(try result(FileSystem.join(work, "here"))))
  }

  func testEveryInTreeAlgorithmGivesTheSameTraceInAWorker() throws {
    guard FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file else {
      throw XCTSkip("libBaselines.so is not built")
    }
    let work = TestEnvironment.temporaryFolder(self)
    for algorithm in ["gd", "adam", "cg", "sam"] {
      let arguments = ["run", "org.catalogue.baselines/\(algorithm)", "--seed", "3", "--max-iters", "30"]
      XCTAssertEqual(try TestEnvironment.run(arguments + ["--out", "\(algorithm)-w"], in: work).status, 0)
      XCTAssertEqual(
        try TestEnvironment.run(arguments + ["--out", "\(algorithm)-p", "--in-process"], in: work).status, 0)
      XCTAssertEqual(
        try read(FileSystem.join(work, "\(algorithm)-w/trace.csv")),
        try read(FileSystem.join(work, "\(algorithm)-p/trace.csv")), algorithm)
    }
  }

  /// A segfault after 100 reported iterations: exit 1, one error line naming plugin, version, algorithm and signal,
  /// and all 100 rows in trace.csv.
  func testASegfaultKeepsTheRowsReportedBeforeIt() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["run", "crash-segv", "--plugin-path", fixtures.crash, "--out", "segv"], in: work)
    XCTAssertEqual(output.status, 1)
    XCTAssertEqual(output.errorLines.count, 1, output.stderr)
    let line = output.errorLines.first ?? ""
    for words in ["crash-segv", "org.catalogue.test.crash 1.0.0", "SIGSEGV", "after iteration 99", "100 trace rows"] {
      XCTAssertTrue(line.contains(words), "\(line) lacks \(words)")
    }
    let trace = try read(FileSystem.join(work, "segv/trace.csv")).split(separator: "\n")
    XCTAssertEqual(trace.count, 101)
    XCTAssertTrue(trace.last!.hasPrefix("99,"))
    let json = try result(FileSystem.join(work, "segv"))
    XCTAssertEqual(json["termination"]?["reason"], .string("failed"))
    XCTAssertEqual(json["trace_rows"], .integer(100))
    XCTAssertEqual(json["iterations"]?.uint64Value, 99)
    XCTAssertEqual(json["oracle_counts"]?["n_grad"]?.uint64Value, 100)
  }

  func testTrapsAbortsAndExitsEndTheRunWithTheirCause() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let cases = [
      ("crash-trap", "SIGILL (illegal instruction"), ("crash-abort", "SIGABRT (abort"),
      ("crash-exit", "ended its process with exit status 3"),
    ]
    for (algorithm, cause) in cases {
      let output = try TestEnvironment.run(
        ["run", algorithm, "--plugin-path", fixtures.crash, "--out", algorithm], in: work)
      XCTAssertEqual(output.status, 1, algorithm)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(cause), output.stderr)
      XCTAssertTrue(output.stderr.contains("after iteration 9; 10 trace rows were kept"), output.stderr)
      XCTAssertEqual(try read(FileSystem.join(work, "\(algorithm)/trace.csv")).split(separator: "\n").count, 11)
    }
  }

  /// A SIGKILL the host did not send is named as what it usually is, the out-of-memory killer.
  func testAnOutsideSIGKILLSuggestsTheOutOfMemoryKiller() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["run", "crash-kill", "--plugin-path", fixtures.crash, "--out", "kill"], in: work)
    XCTAssertEqual(output.status, 1)
    XCTAssertEqual(output.errorLines.count, 1, output.stderr)
    XCTAssertTrue(output.stderr.contains("was killed with SIGKILL from outside catalogue"), output.stderr)
    XCTAssertTrue(output.stderr.contains("out-of-memory killer"), output.stderr)
  }

  func testAHangIsKilledAtTheTimeLimit() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let start = ContinuousClock.now
    let output = try TestEnvironment.run(
      ["run", "crash-hang", "--plugin-path", fixtures.crash, "--out", "hang", "--time-limit", "0.5"], in: work)
    XCTAssertLessThan((ContinuousClock.now - start) / .seconds(1), 10)
    XCTAssertEqual(output.status, 1)
    XCTAssertTrue(
      output.stderr.contains(
        "time limit of 0.5 s reached, but crash-hang (org.catalogue.test.crash 1.0.0) did not stop"),
      output.stderr)
    XCTAssertTrue(output.stderr.contains("SIGTERM"), output.stderr)
    XCTAssertEqual(try read(FileSystem.join(work, "hang/trace.csv")).split(separator: "\n").count, 11)
  }

  func testPluginOutputGoesToTheRunLogNotTheTerminal() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["run", "crash-noisy", "--plugin-path", fixtures.crash, "--out", "noisy", "--max-iters", "5"], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertFalse(output.stdout.contains("noisy std"), output.stdout)
    XCTAssertEqual(output.stderr, "")
    let log = try read(FileSystem.join(work, "noisy/run.log"))
    XCTAssertTrue(log.contains("worker output: noisy stdout 5"), log)
    XCTAssertTrue(log.contains("worker output: noisy stderr 0"), log)
    let json = try result(FileSystem.join(work, "noisy"))
    XCTAssertEqual(json["termination"]?["reason"], .string("max_iters"))
  }

  /// Up to 1000 lines of output, run.log keeps every line, stdout's and stderr's, with no marker (beyond that, it
  /// keeps the first 1000 and the last 200 with markers: RunLogTests).
  func testRunLogKeepsEveryLineOfModestOutput() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["run", "crash-noisy", "--plugin-path", fixtures.crash, "--out", "noisy", "--max-iters", "150"], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    let log = try read(FileSystem.join(work, "noisy/run.log")).split(separator: "\n")
    let lines = log.filter { $0.contains("worker output: ") }
    XCTAssertEqual(lines.count, 302)
    XCTAssertEqual(lines.filter { $0.contains("noisy stdout") }.count, 151)
    XCTAssertEqual(lines.filter { $0.contains("noisy stderr") }.count, 151)
    XCTAssertFalse(lines.contains { $0.contains("not kept") })
  }

  /// Ctrl-C twice on a plugin that never checks: the second press kills the worker at once.
  func testASecondInterruptKillsAPluginThatIgnoresTheFirst() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = ["run", "crash-hang", "--plugin-path", fixtures.crash, "--out", "cut"]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let trace = FileSystem.join(work, "cut/trace.csv")
    for _ in 0..<300 where (try? read(trace))?.split(separator: "\n").count ?? 0 < 11 { usleep(10_000) }
    kill(process.processIdentifier, SIGINT)
    usleep(200_000)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    let json = try result(FileSystem.join(work, "cut"))
    XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"))
    XCTAssertTrue(json["termination"]?["message"]?.stringValue?.contains("interrupted by the user") ?? false)
    XCTAssertEqual(json["trace_rows"], .integer(10))
  }

  func testUsageErrorsFromTheWorkerKeepTheirExitCode() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    // Both are found only once the worker has built the problem instance.
    let mismatch = try TestEnvironment.run(["run", "cmanifold", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(mismatch.status, 2)
    XCTAssertEqual(
      mismatch.errorLines, ["error: algorithm cmanifold needs a problem on a manifold; problem quad2 is Euclidean"])
    let rejected = try TestEnvironment.run(["run", "cgd", "-p", "start=0", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(rejected.status, 2)
    XCTAssertTrue(rejected.stderr.contains("rejected its parameters"), rejected.stderr)
    XCTAssertEqual(try FileSystem.contents(of: work), [], "nothing was written")
  }

  func testAPluginRebuiltAfterTheScanIsNotRunWithTheOldSchema() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "plugins")
    try FileSystem.makeDirectories(folder)
    let library = FileSystem.join(folder, "libcgood.so")
    try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.good, "libcgood.so"), toPath: library)
    XCTAssertEqual(try TestEnvironment.run(["list", "--plugin-path", folder], in: work).status, 0)
    // Swap in another version behind the cache's back, keeping size, inode and time: the worker must notice.
    var before = stat()
    XCTAssertEqual(stat(library, &before), 0)
    let replacement = try Data(contentsOf: URL(fileURLWithPath: FileSystem.join(fixtures.newer, "libcgood-1.2.so")))
    guard replacement.count == Int(before.st_size) else { throw XCTSkip("the two builds differ in size") }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: library))
    handle.write(replacement)
    try handle.close()
    var times = [before.st_atim, before.st_mtim]
    XCTAssertEqual(utimensat(AT_FDCWD, library, &times, 0), 0)
    let output = try TestEnvironment.run(["run", "cgd", "--plugin-path", folder, "--max-iters", "2"], in: work)
    XCTAssertEqual(output.status, 3, output.stderr)
    XCTAssertTrue(output.stderr.contains("was rebuilt since it was scanned"), output.stderr)
    XCTAssertTrue(output.stderr.contains("add --rescan"), output.stderr)
  }
}
