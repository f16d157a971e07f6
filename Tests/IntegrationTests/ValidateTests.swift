import CatalogueHost
import Foundation
import XCTest

/// `catalogue validate` on plugins that break the rules in known ways: each break is the check that fails.
final class ValidateTests: XCTestCase {
  func checks(_ output: TestEnvironment.Output) throws -> [String: (status: String, detail: String)] {
    let json = try JSONValue.parse(output.stdout)
    var result: [String: (String, String)] = [:]
    for check in json["checks"]?.arrayValue ?? [] {
      result[check["id"]?.stringValue ?? ""] = (check["status"]?.stringValue ?? "", check["detail"]?.stringValue ?? "")
    }
    return result
  }

  /// The test plugin has an algorithm whose default problem lacks the manifold it needs, and one that fails on
  /// purpose: exactly those two runs fail, everything else passes.
  func testTheGoodFixtureFailsOnlyWhereItBreaksTheRules() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["validate", FileSystem.join(fixtures.good, "libcgood.so"), "--json"], in: work)
    XCTAssertEqual(output.status, 1, output.stdout)
    let checks = try checks(output)
    let failed = checks.filter { $0.value.status == "fail" }.map(\.key).sorted()
    XCTAssertEqual(failed, ["run:cfail", "run:cmanifold"])
    XCTAssertTrue(checks["run:cmanifold"]?.detail.contains("needs a problem on a manifold") ?? false)
    XCTAssertTrue(checks["run:cfail"]?.detail.contains("deliberate failure") ?? false)
    for id in ["elf", "exports", "load", "abi", "descriptors", "metadata", "defaults", "default-problems", "bounds"] {
      XCTAssertEqual(checks[id]?.status, "pass", "\(id): \(checks[id]?.detail ?? "missing")")
    }
    XCTAssertEqual(checks["determinism:cgd"]?.status, "pass")
    XCTAssertEqual(checks["determinism:cmanifold"]?.status, "skip")
    XCTAssertTrue(checks["abi"]?.detail.contains("declines ABI 2.0") ?? false)

    let text = try TestEnvironment.run(["validate", FileSystem.join(fixtures.good, "libcgood.so")], in: work)
    XCTAssertTrue(text.stdout.contains("  FAIL  run:cmanifold"), text.stdout)
    XCTAssertTrue(text.stdout.hasSuffix("checks: 14 passed, 2 failed, 2 skipped\n"), text.stdout)
  }

  func testAnExtraExportFailsTheExportsCheck() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["validate", FileSystem.join(fixtures.marker, "libmarker.so"), "--json"], in: work,
      environment: ["CATALOGUE_TEST_MARKER": FileSystem.join(work, "m")])
    XCTAssertEqual(output.status, 1)
    let checks = try checks(output)
    XCTAssertEqual(checks["exports"]?.status, "fail")
    XCTAssertTrue(
      checks["exports"]?.detail.contains("also exports marker_helper") ?? false, checks["exports"]?.detail ?? "")
    XCTAssertEqual(checks["load"]?.status, "pass")
  }

  func testPluginsThatDoNotLoadExitWithThree() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let cases: [(String, String, String)] = [
      (FileSystem.join(fixtures.hostile, "libcrash_entry.so"), "abi", "crashed with SIGSEGV"),
      (FileSystem.join(fixtures.bad, "text.so"), "elf", "not an ELF file"),
      (FileSystem.join(fixtures.bad, "libwrong_major.so"), "abi", "built for catalogue ABI 2.0"),
      (FileSystem.join(fixtures.bad, "libnull_entry.so"), "abi", "needs a GPU with 80 GB"),
      (FileSystem.join(fixtures.hostile, "libhang_entry.so"), "abi", "did not finish within 1 s"),
    ]
    for (file, check, words) in cases {
      let output = try TestEnvironment.run(["validate", file, "--json", "--timeout", "1"], in: work)
      XCTAssertEqual(output.status, 3, "\(file): \(output.stdout)")
      let checks = try checks(output)
      XCTAssertEqual(checks[check]?.status, "fail", file)
      XCTAssertTrue(checks[check]?.detail.contains(words) ?? false, "\(file): \(checks[check]?.detail ?? "")")
    }
    let missing = try TestEnvironment.run(["validate", FileSystem.join(work, "nothing.so")], in: work)
    XCTAssertEqual(missing.status, 2)
    XCTAssertEqual(missing.errorLines.count, 1)
  }

  func testCrashingAlgorithmsFailTheirRunChecksAndTheValidatorSurvives() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["validate", FileSystem.join(fixtures.crash, "libcrash.so"), "--json", "--timeout", "1"], in: work)
    XCTAssertEqual(output.status, 1, output.stdout)
    let checks = try checks(output)
    for (algorithm, words) in [
      ("crash-trap", "SIGILL"), ("crash-abort", "SIGABRT"), ("crash-hang", "did not stop"),
      ("crash-exit", "exit status 3"),
    ] {
      XCTAssertEqual(checks["run:\(algorithm)"]?.status, "fail", algorithm)
      XCTAssertTrue(
        checks["run:\(algorithm)"]?.detail.contains(words) ?? false, checks["run:\(algorithm)"]?.detail ?? "")
    }
    // crash-segv crashes only after 100 iterations, beyond validate's budget of 10.
    XCTAssertEqual(checks["run:crash-segv"]?.status, "pass")
    XCTAssertEqual(checks["determinism:crash-noisy"]?.status, "pass")
  }

  /// A FIFO (or a device) named like a plugin is refused at once by the ELF check instead of blocking validate.
  func testAFIFOIsRefusedWithoutBlocking() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let fifo = FileSystem.join(work, "libfifo.so")
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    let output = try TestEnvironment.run(["validate", fifo, "--json"], in: work)
    XCTAssertEqual(output.status, 3, output.stdout + output.stderr)
    let checks = try checks(output)
    XCTAssertEqual(checks["elf"]?.status, "fail")
    XCTAssertTrue(
      checks["elf"]?.detail.contains("not a regular file") ?? false, checks["elf"]?.detail ?? output.stdout)
  }

  /// An algorithm whose name is NULL (read as its id) fails the metadata check, which names it.
  func testANullAlgorithmNameFailsTheMetadataCheck() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = FileSystem.join(work, "libnullname.so")
    try Fixtures.compile(
      FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/good_plugin.c"), to: library,
      flags: ["-DCGD_NAME=NULL"])
    let output = try TestEnvironment.run(["validate", library, "--json"], in: work)
    XCTAssertEqual(output.status, 1, output.stdout)
    let checks = try checks(output)
    XCTAssertEqual(checks["metadata"]?.status, "fail")
    XCTAssertTrue(
      checks["metadata"]?.detail.contains("algorithm cgd has no display name") ?? false,
      checks["metadata"]?.detail ?? "")
  }

  /// A struct_size of 0xFFFFFFF0 is refused by the descriptor check (it used to pass, read as the host's size).
  func testANonsensicalStructSizeFailsTheDescriptorCheck() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = FileSystem.join(work, "libhugestruct.so")
    try Fixtures.compile(
      FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/good_plugin.c"), to: library,
      flags: ["-DPLUGIN_STRUCT_SIZE=0xFFFFFFF0u"])
    let output = try TestEnvironment.run(["validate", library, "--json"], in: work)
    XCTAssertNotEqual(output.status, 0, output.stdout)
    XCTAssertTrue(output.stdout.contains("has struct_size 4294967280, far larger than"), output.stdout)
  }

  /// A plugin that prints heavily fails the check during which it printed (Fixtures/noisy_plugin.c): a library
  /// constructor the load check, the entry point the ABI check, the algorithm its run check; each child is killed
  /// once it printed more than 64 KiB, so a plugin printing without end cannot hold validate.
  func testAPluginThatPrintsHeavilyFailsTheCheckWhereItPrinted() throws {
    let fixtures = try fixtures()
    let library = FileSystem.join(fixtures.noisy, "libnoisy.so")
    let work = TestEnvironment.temporaryFolder(self)
    let printed = "printed more than 65536 bytes to stdout and stderr"

    let quietLoad = try TestEnvironment.run(["validate", library, "--json"], in: work)
    var checks = try checks(quietLoad)
    XCTAssertEqual(quietLoad.status, 1, quietLoad.stdout)
    XCTAssertEqual(checks["load"]?.status, "pass")
    XCTAssertEqual(checks["abi"]?.status, "pass")
    XCTAssertEqual(checks["run:noisy-run"]?.status, "fail")
    XCTAssertTrue(checks["run:noisy-run"]?.detail.contains(printed) ?? false, quietLoad.stdout)

    let load = try TestEnvironment.run(
      ["validate", library, "--json"], in: work, environment: ["CATALOGUE_TEST_NOISE": "load"])
    checks = try self.checks(load)
    XCTAssertEqual(load.status, 3, load.stdout)
    XCTAssertEqual(checks["load"]?.status, "fail")
    XCTAssertTrue(checks["load"]?.detail.contains("\(printed) while loading") ?? false, load.stdout)

    let entry = try TestEnvironment.run(
      ["validate", library, "--json"], in: work, environment: ["CATALOGUE_TEST_NOISE": "entry"])
    checks = try self.checks(entry)
    XCTAssertEqual(entry.status, 3, entry.stdout)
    XCTAssertEqual(checks["load"]?.status, "pass")
    XCTAssertEqual(checks["abi"]?.status, "fail")
    XCTAssertTrue(checks["abi"]?.detail.contains("\(printed) in its entry point") ?? false, entry.stdout)
  }

  /// Starts `catalogue validate` on the chatter fixture (whose chatter-hang run hangs until the check's timeout)
  /// with stdout in a file.
  func startValidation(_ work: String, json: Bool) throws -> (Process, String) {
    let fixtures = try fixtures()
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    let report = FileSystem.join(work, "report.txt")
    FileManager.default.createFile(atPath: report, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments =
      ["validate", FileSystem.join(fixtures.chatter, "libchatter.so"), "--timeout", "60"] + (json ? ["--json"] : [])
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    process.environment = environment
    process.standardOutput = FileHandle(forWritingAtPath: report)
    process.standardError = FileHandle.nullDevice
    try process.run()
    return (process, report)
  }

  /// SIGTERM or SIGHUP while a check runs (chatter-hang would hang for 60 s): validate kills the check's child,
  /// reports the checks not run as skipped, and prints the whole report; in text form every finished check was on
  /// stdout before the signal.
  func testASignalStopsValidateWithItsReport() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let (text, textReport) = try startValidation(work, json: false)
    var written = ""
    for _ in 0..<3000 where !written.contains("run:noisy-run") {
      usleep(10_000)
      written = (try? FileSystem.readText(textReport)) ?? ""
    }
    XCTAssertTrue(written.contains("  pass  descriptors"), "checks are not written as they finish: \(written)")
    XCTAssertTrue(text.isRunning, written)
    usleep(500_000)
    let start = ContinuousClock.now
    kill(text.processIdentifier, SIGTERM)
    text.waitUntilExit()
    XCTAssertLessThan((ContinuousClock.now - start).inSeconds, 20)
    XCTAssertEqual(text.terminationStatus, 1)
    let report = try FileSystem.readText(textReport)
    XCTAssertTrue(report.contains("received SIGTERM"), report)
    XCTAssertTrue(report.contains("  skip  bounds"), report)
    XCTAssertTrue(report.contains(" checks: "), report)

    let jsonWork = TestEnvironment.temporaryFolder(self, "json")
    let (json, jsonReport) = try startValidation(jsonWork, json: true)
    // Once validate has started a child (a check), its signal handlers are in place.
    var waited = 0
    while OrphanReaper.children(of: json.processIdentifier).isEmpty && waited < 2000 {
      usleep(10_000)
      waited += 1
    }
    usleep(300_000)
    kill(json.processIdentifier, SIGHUP)
    json.waitUntilExit()
    XCTAssertNotEqual(json.terminationStatus, 0)
    let jsonText = try FileSystem.readText(jsonReport)
    let document = try JSONValue.parse(jsonText)
    XCTAssertEqual(document["passed"], .bool(false))
    XCTAssertTrue(jsonText.contains("SIGHUP"), jsonText)
  }
}
