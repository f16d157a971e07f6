import CatalogueHost
import Foundation
import XCTest

/// `catalogue run` on the C plugin, through the built executable.
final class RunCommandTests: XCTestCase {
  func read(_ path: String) throws -> String { try FileSystem.readText(path) }

  func result(_ folder: String) throws -> JSONValue {
    try JSONValue.parse(try read(FileSystem.join(folder, "result.json")))
  }

  func testRunWritesTheRunFolder() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["run", "cgd", "--plugin-path", fixtures.good, "--max-iters", "30"], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertEqual(output.stderr, "", "nothing on stderr when it is not a terminal")
    let runs = try FileSystem.contents(of: FileSystem.join(work, "runs"))
    XCTAssertEqual(runs.count, 1)
    XCTAssertTrue(runs[0].hasPrefix("cgd-quad2-seed0-"), runs[0])
    let folder = FileSystem.join(work, "runs/\(runs[0])")
    XCTAssertEqual(
      try FileSystem.contents(of: folder), ["final.txt", "result.json", "run.log", "timing.csv", "trace.csv"])
    XCTAssertTrue(output.stdout.contains("termination  max_iters"), output.stdout)
    XCTAssertTrue(output.stdout.contains("runs/\(runs[0])"), output.stdout)

    let trace = try read(FileSystem.join(folder, "trace.csv")).split(separator: "\n")
    XCTAssertEqual(trace.first, "iter,f,grad_norm,n_value,n_grad,n_sample_grad,n_hvp,n_inner")
    XCTAssertEqual(trace.count, 32)  // header, iterations 0...30
    XCTAssertTrue(trace[1].hasPrefix("0,"))
    XCTAssertTrue(trace.last!.hasPrefix("30,"))
    XCTAssertTrue(trace.last!.hasSuffix(",0,31,0,0,0"), String(trace.last!))  // value calls were not counted
    let timing = try read(FileSystem.join(folder, "timing.csv")).split(separator: "\n")
    XCTAssertEqual(timing.first, "iter,time_s")
    XCTAssertEqual(timing.count, 32)

    let json = try result(folder)
    XCTAssertEqual(json["algorithm"]?["id"], .string("cgd"))
    XCTAssertEqual(json["algorithm"]?["plugin"]?["id"], .string("org.catalogue.test.cgood"))
    XCTAssertEqual(json["algorithm"]?["plugin"]?["version"], .string("1.0.0"))
    XCTAssertEqual(json["algorithm"]?["parameters"]?["step_size"], .double(0.05))
    XCTAssertEqual(json["algorithm"]?["parameters"]?["rule"], .string("fixed"))
    // The reader does not keep "10.0" apart from "10"; the file does (a real parameter is written as a double).
    XCTAssertEqual(json["problem"]?["parameters"]?["condition"]?.doubleValue, 10)
    XCTAssertEqual(json["problem"]?["reference_values"]?["f_star"]?.doubleValue, 0)
    let text = try read(FileSystem.join(folder, "result.json"))
    XCTAssertTrue(text.contains("\"condition\": 10.0") && text.contains("\"f_star\": 0.0"), text)
    XCTAssertEqual(json["termination"]?["reason"], .string("max_iters"))
    XCTAssertEqual(json["iterations"]?.uint64Value, 30)
    XCTAssertEqual(json["oracle_counts"]?["n_grad"]?.uint64Value, 31)
    XCTAssertEqual(json["abi_version"], .string(CatalogueVersion.abi))
    XCTAssertEqual(json["catalogue_version"], .string(CatalogueVersion.host))
    XCTAssertNotNil(json["final_metrics"]?["f"]?.doubleValue)
    XCTAssertNotNil(json["final_metrics"]?["f_final"]?.doubleValue)
    XCTAssertEqual(json["result_vectors"]?["x"]?.arrayValue?.count, 2)
    XCTAssertEqual(json["artifacts"], .array([.string("final.txt")]))
    XCTAssertTrue(try read(FileSystem.join(folder, "final.txt")).hasPrefix("cgd run "))
    XCTAssertTrue(try read(FileSystem.join(folder, "run.log")).contains("[info] cgd run"))
  }

  func testSameSeedGivesByteIdenticalTraces() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    // Noise and minibatches make the trace depend on both random streams.
    let arguments = [
      "run", "cgd", "--plugin-path", fixtures.good, "--seed", "11", "-p", "noise=0.3", "-p", "batch=1",
      "--max-iters", "50",
    ]
    for _ in 0..<2 { XCTAssertEqual(try TestEnvironment.run(arguments, in: work).status, 0) }
    let runs = try FileSystem.contents(of: FileSystem.join(work, "runs"))
    XCTAssertEqual(runs.count, 2, "the second run gets its own folder")
    let traces = try runs.map { try read(FileSystem.join(work, "runs/\($0)/trace.csv")) }
    XCTAssertEqual(traces[0], traces[1])
    XCTAssertGreaterThan(traces[0].count, 100)
    let other = try TestEnvironment.run(arguments.map { $0 == "11" ? "12" : $0 } + ["--out", "other"], in: work)
    XCTAssertEqual(other.status, 0)
    XCTAssertNotEqual(try read(FileSystem.join(work, "other/trace.csv")), traces[0])
  }

  func assertUsageError(
    _ arguments: [String], mentions words: [String], file: StaticString = #filePath, line: UInt = #line
  )
    throws
  {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(arguments + ["--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(output.status, 2, output.stderr, file: file, line: line)
    XCTAssertEqual(output.stdout, "", file: file, line: line)
    let lines = output.stderr.split(separator: "\n")
    XCTAssertEqual(lines.count, 1, output.stderr, file: file, line: line)
    XCTAssertTrue(output.stderr.hasPrefix("error: "), output.stderr, file: file, line: line)
    for word in words {
      XCTAssertTrue(output.stderr.contains(word), "\(output.stderr) lacks \(word)", file: file, line: line)
    }
    XCTAssertEqual(try FileSystem.contents(of: work), [], "no run folder is left behind", file: file, line: line)
  }

  func testInvalidParameterValueFailsBeforeRunning() throws {
    try assertUsageError(["run", "cgd", "-p", "step_size=-1"], mentions: ["'step_size'", "must be > 0", "(got -1)"])
  }

  func testUnknownParameterFailsBeforeRunning() throws {
    try assertUsageError(
      ["run", "cgd", "-p", "no_such=1"],
      mentions: ["cgd has no parameter 'no_such'", "step_size", "problem quad2: condition, start"])
  }

  func testOtherUsageErrors() throws {
    try assertUsageError(["run", "cmanifold"], mentions: ["needs a problem on a manifold; problem quad2 is Euclidean"])
    try assertUsageError(
      ["run", "cgd", "--problem", "ring"], mentions: ["accepts objective problems", "graphs problem"])
    try assertUsageError(["run", "cgd", "-p", "start=0"], mentions: ["rejected its parameters", "start = 0"])
    try assertUsageError(["run", "no-such-algorithm"], mentions: ["no algorithm 'no-such-algorithm'", "cgd"])
    try assertUsageError(["run", "cgd", "--seed", "x"], mentions: ["'x'", "--seed"])
    try assertUsageError(["run"], mentions: ["missing algorithm"])
    try assertUsageError(["run", "cgd", "--no-such-option"], mentions: ["--no-such-option"])
    try assertUsageError(["run", "cgd", "-p", "batch=1.5"], mentions: ["'batch'", "integer"])
    try assertUsageError(["info", "nothing"], mentions: ["no plugin, algorithm or problem named 'nothing'"])
  }

  func testFailingPluginExitsWithOneAndKeepsItsPartialTrace() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["run", "cfail", "--plugin-path", fixtures.good, "--out", "failed"], in: work)
    XCTAssertEqual(output.status, 1)
    XCTAssertEqual(output.errorLines.count, 1, output.stderr)
    XCTAssertTrue(output.stderr.contains("deliberate failure: the factorisation broke down"), output.stderr)
    let json = try result(FileSystem.join(work, "failed"))
    XCTAssertEqual(json["termination"]?["reason"], .string("failed"))
    XCTAssertEqual(
      try read(FileSystem.join(work, "failed/trace.csv")),
      "iter,f,n_value,n_grad,n_sample_grad,n_hvp,n_inner\n0,1.0,0,0,0,0,0\n")
  }

  func testStoppingCriteria() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    func reason(_ extra: [String], _ name: String) throws -> JSONValue {
      let output = try TestEnvironment.run(
        ["run", "cgd", "--plugin-path", fixtures.good, "--out", name] + extra, in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
      return try result(FileSystem.join(work, name))
    }
    XCTAssertEqual(try reason(["--grad-tol", "1e-3"], "tol")["termination"]?["reason"], .string("grad_tol"))
    XCTAssertEqual(try reason(["--target", "1e-4"], "target")["termination"]?["reason"], .string("target"))
    XCTAssertEqual(
      try reason(["-p", "step_size=1", "-p", "condition=1000"], "diverge")["termination"]?["reason"],
      .string("diverged"))
    let exact = try reason(["-p", "rule=exact", "--max-iters", "3"], "exact")
    XCTAssertEqual(exact["oracle_counts"]?["n_hvp"]?.uint64Value, 3)
    let stochastic = try reason(["-p", "batch=2", "-p", "condition=3", "--max-iters", "4"], "batch")
    XCTAssertEqual(stochastic["oracle_counts"]?["n_sample_grad"]?.uint64Value, 10)
    XCTAssertEqual(stochastic["oracle_counts"]?["n_grad"]?.uint64Value, 0)
    let graphs = try TestEnvironment.run(["run", "cgraph", "--plugin-path", fixtures.good, "--out", "g"], in: work)
    XCTAssertEqual(graphs.status, 0, graphs.stderr)
    let json = try result(FileSystem.join(work, "g"))
    XCTAssertEqual(json["termination"]?["reason"], .string("completed"))
    XCTAssertEqual(json["oracle_counts"]?["n_inner"]?.uint64Value, 3)
  }

  func testConfigRepeatsARunExactly() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let first = try TestEnvironment.run(
      [
        "run", "cgd", "--plugin-path", fixtures.good, "--seed", "18446744073709551615", "-p", "noise=0.2", "-p",
        "condition=3", "-p", "label=a b", "--max-iters", "25", "--out", "first", "--json",
      ], in: work)
    XCTAssertEqual(first.status, 0, first.stderr)
    let printed = try JSONValue.parse(first.stdout)
    XCTAssertEqual(printed, try result(FileSystem.join(work, "first")))
    let second = try TestEnvironment.run(
      ["run", "--config", "first/result.json", "--plugin-path", fixtures.good, "--out", "second"], in: work)
    XCTAssertEqual(second.status, 0, second.stderr)
    XCTAssertEqual(
      try read(FileSystem.join(work, "first/trace.csv")), try read(FileSystem.join(work, "second/trace.csv")))
    let repeated = try result(FileSystem.join(work, "second"))
    XCTAssertEqual(repeated["seed"], .unsigned(.max))
    XCTAssertEqual(repeated["algorithm"]?["parameters"], printed["algorithm"]?["parameters"])
    XCTAssertEqual(repeated["problem"]?["parameters"], printed["problem"]?["parameters"])
    XCTAssertEqual(repeated["stopping"], printed["stopping"])

    // With only a newer version installed, the run repeats with a warning.
    let newer = try TestEnvironment.run(
      ["run", "--config", "first/result.json", "--plugin-path", fixtures.newer, "--out", "third"], in: work)
    XCTAssertEqual(newer.status, 0, newer.stderr)
    XCTAssertTrue(
      newer.stderr.hasPrefix("warning: the run was recorded with org.catalogue.test.cgood 1.0.0"), newer.stderr)
  }

  func testNewestVersionWinsAndPinsWork() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let paths = ["--plugin-path", "\(fixtures.good):\(fixtures.newer)"]
    let list = try TestEnvironment.run(["list"] + paths, in: work)
    XCTAssertEqual(list.status, 0)
    XCTAssertTrue(list.stdout.contains("1.0.0 (older)"), list.stdout)
    XCTAssertTrue(list.stdout.contains("1.2.0"), list.stdout)
    let newest = try TestEnvironment.run(["run", "cgd", "--max-iters", "1", "--out", "a"] + paths, in: work)
    XCTAssertEqual(
      try result(FileSystem.join(work, "a"))["algorithm"]?["plugin"]?["version"], .string("1.2.0"), newest.stderr)
    let pinned = try TestEnvironment.run(["run", "cgd@1.0.0", "--max-iters", "1", "--out", "b"] + paths, in: work)
    let json = try result(FileSystem.join(work, "b"))
    XCTAssertEqual(json["algorithm"]?["plugin"]?["version"], .string("1.0.0"), pinned.stderr)
    XCTAssertEqual(json["problem"]?["plugin"]?["version"], .string("1.0.0"))
    let qualified = try TestEnvironment.run(
      ["run", "org.catalogue.test.cgood/cgd@1.2.0", "--max-iters", "1", "--out", "c"] + paths, in: work)
    XCTAssertEqual(qualified.status, 0, qualified.stderr)
    let missing = try TestEnvironment.run(["run", "cgd@3.0.0"] + paths, in: work)
    XCTAssertEqual(missing.status, 2)
  }

  func testInfoAndPaths() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let info = try TestEnvironment.run(["info", "cgd", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(info.status, 0, info.stderr)
    for text in [
      "C gradient descent", "Cauchy", "standard: a test fixture", "objective problems", "quad2",
      "200 iterations", "step_size", "real > 0", "choice of fixed, exact", "int in [0, 2]", "real in [0, 1)",
    ] {
      XCTAssertTrue(info.stdout.contains(text), "info lacks \(text):\n\(info.stdout)")
    }
    let plugin = try TestEnvironment.run(
      ["info", "org.catalogue.test.cgood", "--plugin-path", fixtures.good], in: work)
    XCTAssertTrue(plugin.stdout.contains("algorithm        cgraph"), plugin.stdout)
    XCTAssertTrue(plugin.stdout.contains("problem     ring"), plugin.stdout)
    let problem = try TestEnvironment.run(["info", "quad2", "--plugin-path", fixtures.good], in: work)
    XCTAssertTrue(problem.stdout.contains("kind        objective"), problem.stdout)

    let paths = try TestEnvironment.run(
      ["paths", "--plugin-path", fixtures.good], in: work, environment: ["CATALOGUE_PLUGIN_PATH": "/env/a:/env/b"])
    let lines = paths.stdout.split(separator: "\n").dropFirst().map(String.init)
    XCTAssertEqual(lines.count, 6, paths.stdout)
    XCTAssertTrue(
      lines[0].contains(fixtures.good) && lines[0].contains("--plugin-path") && lines[0].hasSuffix("exists"))
    XCTAssertTrue(lines[1].contains("/env/a") && lines[1].hasSuffix("missing"))
    XCTAssertTrue(lines[3].contains(TestEnvironment.binFolder) || lines[3].contains("executable folder"))
    XCTAssertTrue(lines[4].contains(".xdg/catalogue/plugins"))
    XCTAssertTrue(lines[5].contains("/usr/local/lib/catalogue/plugins"))
  }

  func testListJSON() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["list", "--json", "--plugin-path", "\(fixtures.good):\(fixtures.bad)"], in: work)
    XCTAssertEqual(output.status, 0)
    let json = try JSONValue.parse(output.stdout)
    let plugins = json["plugins"]?.arrayValue ?? []
    let fixture = plugins.first { $0["id"] == .string("org.catalogue.test.cgood") }
    XCTAssertEqual(fixture?["version"], .string("1.0.0"))
    XCTAssertEqual(fixture?["active"], .bool(true))
    XCTAssertEqual(json["failures"]?.arrayValue?.count, 6)
    let algorithms = fixture?["algorithms"]?.arrayValue ?? []
    XCTAssertEqual(algorithms.compactMap { $0["id"]?.stringValue }, ["cgd", "cmanifold", "cfail", "cgraph"])
  }

  func testInterruptCancelsTheRunAndKeepsItsFiles() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    guard FileSystem.kind(of: TestEnvironment.catalogue) == .file else { throw XCTSkip("catalogue is not built") }
    process.arguments = [
      "run", "cgd", "--plugin-path", fixtures.good, "--max-iters", "100000000", "--out", "cut",
      "-p", "normalized=true", "-p", "step_size=1e-9",
    ]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let trace = FileSystem.join(work, "cut/trace.csv")
    for _ in 0..<2000 where FileSystem.kind(of: trace) == .missing { usleep(10_000) }
    usleep(100_000)
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    let json = try result(FileSystem.join(work, "cut"))
    XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"))
    XCTAssertGreaterThan(json["iterations"]?.uint64Value ?? 0, 0)
  }

  /// Ctrl-C while the worker is still loading the plugin (before the run's handler exists) is not lost: the relayed
  /// request stays pending in the worker and cancels the run at its first report, with the run folder written.
  func testCtrlCWhileThePluginLoadsCancelsTheRun() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    // Warm the registry cache first, so the only load after this is the worker's.
    let listed = try TestEnvironment.run(["list", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(listed.status, 0, listed.stderr)
    let marker = FileSystem.join(work, "loading")
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = FileSystem.join(work, ".xdg")
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    environment.removeValue(forKey: "CATALOGUE_PLUGIN_PATH")
    environment["CATALOGUE_TEST_SLOW_LOAD_MARKER"] = marker
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = [
      "run", "cgd", "--plugin-path", fixtures.good, "--max-iters", "20000000", "--out", "early",
      "-p", "normalized=true", "-p", "step_size=1e-9",
    ]
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    for _ in 0..<3000 where FileSystem.kind(of: marker) == .missing { usleep(10_000) }
    XCTAssertEqual(FileSystem.kind(of: marker), .file, "the worker never loaded the plugin")
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    let json = try result(FileSystem.join(work, "early"))
    XCTAssertEqual(json["termination"]?["reason"], .string("cancelled"))
    XCTAssertLessThan(json["iterations"]?.uint64Value ?? .max, 1000)
  }

  /// `run --config` reads only regular files of bounded size: a device that never ends, one of random bytes and a
  /// FIFO without a writer each get one usage line at once instead of an endless read or a hang.
  func testConfigRefusesDevicesFIFOsAndFolders() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let fifo = FileSystem.join(work, "fifo")
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    for path in ["/dev/zero", "/dev/urandom", fifo, work] {
      let output = try TestEnvironment.run(["run", "--config", path], in: work)
      XCTAssertEqual(output.status, 2, "\(path): \(output.stderr)")
      XCTAssertEqual(
        output.errorLines,
        ["error: result.json \(path) is not a regular file (a device, FIFO or folder); give the path of a file"])
    }
  }

  /// A result.json from a newer layout or another ABI major is refused with the field and both versions, not
  /// silently reinterpreted.
  func testConfigChecksFormatAndABIVersions() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let first = try TestEnvironment.run(
      ["run", "cgd", "--plugin-path", fixtures.good, "--out", "first", "--max-iters", "3"], in: work)
    XCTAssertEqual(first.status, 0, first.stderr)
    let original = try FileSystem.readText(FileSystem.join(work, "first/result.json"))
    let cases = [
      ("\"format_version\": 1,", "\"format_version\": 99,", "format_version 99 is not one this catalogue reads"),
      ("\"abi_version\": \"1.", "\"abi_version\": \"7.", "abi_version 7."),
    ]
    for (from, to, words) in cases {
      XCTAssertTrue(original.contains(from), from)
      let path = FileSystem.join(work, "edited.json")
      try FileSystem.writeAtomically(Array(original.replacing(from, with: to).utf8), to: path)
      let output = try TestEnvironment.run(["run", "--config", path, "--plugin-path", fixtures.good], in: work)
      XCTAssertEqual(output.status, 2, output.stderr)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), output.stderr)
    }
  }
}
