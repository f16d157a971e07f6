import Foundation
import XCTest

@testable import CatalogueHost

/// Issue 13, point 11: every usage error is one clear line, exits 2 and leaves nothing on disk, even when only the
/// plugin can see it; names, numbers and values typed by the user are checked and echoed safely.
final class UsageMessageTests: XCTestCase {
  /// adam refuses a minibatch on a problem without samples inside its run, after the host planned it: still exit 2,
  /// one line, and no run folder (an empty --out folder the user made stays, empty).
  func testAnAlgorithmThatRefusesItsInputIsAUsageErrorWithoutARunFolder() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let refused = ["run", "adam", "--problem", "quadratic", "-p", "batch_size=16", "--max-iters", "5"]
    let output = try TestEnvironment.run(refused + ["--out", "late"], in: work)
    XCTAssertEqual(output.status, 2, output.stderr)
    XCTAssertEqual(output.errorLines.count, 1, output.stderr)
    XCTAssertTrue(output.stderr.contains("refused its input: batch_size=16 needs a finite-sum problem"), output.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "late")), .missing)

    try FileSystem.makeDirectories(FileSystem.join(work, "mine"))
    let into = try TestEnvironment.run(refused + ["--out", "mine"], in: work)
    XCTAssertEqual(into.status, 2, into.stderr)
    XCTAssertEqual(try FileSystem.contents(of: FileSystem.join(work, "mine")), [])

    let fine = try TestEnvironment.run(
      ["run", "adam", "--problem", "quadratic", "--max-iters", "5", "--out", "fine"], in: work)
    XCTAssertEqual(fine.status, 0, fine.stderr)
  }

  /// A run folder that cannot be made is refused before the worker starts, naming the user's path.
  func testAnImpossibleRunFolderIsRefusedBeforeRunning() throws {
    let work = TestEnvironment.temporaryFolder(self)
    try FileSystem.writeAtomically(Array("x".utf8), to: FileSystem.join(work, "file"))
    let output = try TestEnvironment.run(["run", "gd", "--max-iters", "3", "--out", "file/run"], in: work)
    XCTAssertEqual(output.status, 2, output.stderr)
    XCTAssertEqual(
      output.errorLines, ["error: run folder file/run cannot be created: file is a file, not a folder"], output.stderr)
  }

  /// Hexadecimal, overflowing and underflowing numbers get their own reason naming the parameter, never a bound
  /// check on a value the user did not write.
  func testNumbersAreDecimalAndFitADouble() throws {
    let work = TestEnvironment.temporaryFolder(self)
    for (value, parameter, reason) in [
      ("0x10", "step_size", "'0x10' is hexadecimal; write the number in decimal"),
      ("1e-400", "step_size", "'1e-400' is too small for a double and would round to 0"),
      ("1e400", "step_size", "'1e400' is too large for a double"),
      ("-1e400", "step_size", "'-1e400' is too large for a double"),
      ("nan", "step_size", "'nan' is not a finite number"),
      ("0x10", "batch_size", "'0x10' is hexadecimal"),
      ("1e30", "batch_size", "must be an integer in the 64-bit range"),
    ] {
      let output = try TestEnvironment.run(["run", "gd", "-p", "\(parameter)=\(value)", "--out", "x"], in: work)
      XCTAssertEqual(output.status, 2, value)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains("parameter '\(parameter)' of gd"), output.stderr)
      XCTAssertTrue(output.stderr.contains(reason), "\(value): \(output.stderr)")
      XCTAssertFalse(output.stderr.contains("must be > 0"), output.stderr)
    }
    // The command's own numbers are read the same way.
    for (arguments, reason) in [
      (["--time-limit", "1e-400"], "'1e-400' is too small for a double"),
      (["--watchdog", "0x10"], "'0x10' is hexadecimal"),
      (["--target", "-1e400"], "'-1e400' is too large for a double"),
      (["--grad-tol", "inf"], "'inf' is not a finite number"),
    ] {
      for command in [["run", "gd"], ["compare", "gd,adam"]] where command[0] == "run" || arguments[0] != "--watchdog" {
        let output = try TestEnvironment.run(command + arguments + ["--out", "x"], in: work)
        XCTAssertEqual(output.status, 2, output.stderr)
        XCTAssertEqual(output.errorLines.count, 1, output.stderr)
        XCTAssertTrue(output.stderr.contains(arguments[0]) && output.stderr.contains(reason), output.stderr)
      }
    }
    XCTAssertEqual(try FileSystem.contents(of: work), [])
  }

  /// Control characters are shown escaped (a terminal escape sequence never reaches the terminal) and a 100 KB
  /// value is cut to a few hundred characters.
  func testEchoedValuesAreEscapedAndCut() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let escape = try TestEnvironment.run(["run", "gd", "-p", "step_size=a\u{1B}[31mb\tc\u{7}", "--out", "x"], in: work)
    XCTAssertEqual(escape.status, 2)
    XCTAssertTrue(escape.stderr.contains(#"(got a\u{1B}[31mb\tc\u{07})"#), escape.stderr)
    XCTAssertFalse(escape.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, escape.stderr)

    let long = String(repeating: "7", count: 100_000) + "x"
    for arguments in [["run", "gd", "-p", "step_size=\(long)"], ["run", "gd", "-p", "s\(long)=1"], ["info", long]] {
      let output = try TestEnvironment.run(arguments + (arguments[0] == "run" ? ["--out", "x"] : []), in: work)
      XCTAssertEqual(output.status, 2, String(output.stderr.prefix(300)))
      XCTAssertEqual(output.errorLines.count, 1)
      XCTAssertLessThan(output.stderr.utf8.count, 1200, String(output.stderr.prefix(300)))
      XCTAssertTrue(output.stderr.contains("more bytes)"), String(output.stderr.prefix(300)))
    }
  }

  /// Names that match nothing get the nearest known one; a pinned version that is not installed lists those that
  /// are.
  func testUnknownNamesSuggestTheNearestAndVersionsAreListed() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    for (arguments, words) in [
      (["run", "nesterv"], "no algorithm 'nesterv'; did you mean 'nesterov'?"),
      (["run", "gd", "--problem", "quadratc"], "no problem 'quadratc'; did you mean 'quadratic'?"),
      (["run", "gd", "-p", "stepsize=0.1"], "gd has no parameter 'stepsize'; did you mean 'step_size'?"),
      (["run", "gd", "-p", "algorithm.step-size=0.1"], "did you mean 'step_size'?"),
      (["info", "nesterv"], "did you mean 'nesterov'?"),
      (["compare", "gd,adam", "-p", "learning_rat=0.1"], "did you mean 'learning_rate'?"),
      (["compare", "gd,adam", "-p", "adma.learning_rate=0.1"], "did you mean 'adam'?"),
      (["run", "cgd", "-p", "rule=exatc"], "must be one of fixed, exact (got exatc); did you mean 'exact'?"),
      (
        ["run", "cgd@9.9.9"],
        "no installed plugin with algorithm 'cgd' has version 9.9.9 (installed: org.catalogue.test.cgood 1.0.0, "
          + "org.catalogue.test.cgood 1.2.0)"
      ),
      (["run", "gd@9.9.9"], "has version 9.9.9 (installed: org.catalogue.baselines "),
      (["info", "cgd@9.9.9"], "has version 9.9.9 (installed: "),
    ] {
      let output = try TestEnvironment.run(
        arguments + ["--plugin-path", fixtures.good, "--plugin-path", fixtures.newer]
          + (arguments[0] == "info" ? [] : ["--out", "x"]), in: work)
      XCTAssertEqual(output.status, 2, arguments.joined(separator: " "))
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), "\(arguments) → \(output.stderr) lacks \(words)")
    }
    XCTAssertEqual(try FileSystem.contents(of: work), [])
  }

  /// `run -p gd.step_size=…` is accepted as compare accepts it, and is exactly `-p step_size=…`; a prefix that is
  /// neither the run's algorithm nor a scope is one line that says what to write.
  func testRunAcceptsTheAlgorithmQualifiedForm() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let common = ["run", "gd", "--problem", "quadratic", "--max-iters", "10"]
    for (name, parameter) in [("plain", "step_size=0.05"), ("qualified", "gd.step_size=0.05")] {
      let output = try TestEnvironment.run(common + ["-p", parameter, "--out", name], in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
    }
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "plain/trace.csv")),
      try FileSystem.readText(FileSystem.join(work, "qualified/trace.csv")))
    let result = try JSONValue.parse(try FileSystem.readText(FileSystem.join(work, "qualified/result.json")))
    XCTAssertEqual(result["algorithm"]?["parameters"]?["step_size"], .double(0.05))
    let other = try TestEnvironment.run(common + ["-p", "adam.learning_rate=0.1", "--out", "bad"], in: work)
    XCTAssertEqual(other.status, 2)
    XCTAssertTrue(other.stderr.contains("'adam.' is neither the run's algorithm nor a scope"), other.stderr)
    XCTAssertTrue(other.stderr.contains("gd.KEY=VALUE"), other.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "bad")), .missing)
  }

  /// A third-party plugin that registers `gd` too: the unqualified name names both plugins and their files and
  /// spells out the qualified forms, which work.
  func testTwoPluginsWithOneIdNameBothAndHowToQualify() throws {
    _ = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "third")
    try FileSystem.makeDirectories(folder)
    try Fixtures.compile(
      FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/good_plugin.c"),
      to: FileSystem.join(folder, "libthird.so"), flags: [#"-DCGD_ID="gd""#, #"-DPLUGIN_ID="org.example.third""#])
    for arguments in [["run", "gd"], ["info", "gd"], ["compare", "gd,adam"]] {
      let output = try TestEnvironment.run(
        arguments + ["--plugin-path", folder] + (arguments[0] == "info" ? [] : ["--out", "x"]), in: work)
      XCTAssertEqual(output.status, 2, output.stderr)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      for words in [
        "algorithm 'gd' is registered by 2 plugins", "org.catalogue.baselines ", "org.example.third 1.0.0 (",
        "/libthird.so)", "name one with its plugin id: ", "org.catalogue.baselines/gd", "org.example.third/gd",
      ] {
        XCTAssertTrue(output.stderr.contains(words), "\(arguments): \(output.stderr) lacks \(words)")
      }
    }
    let qualified = try TestEnvironment.run(
      ["run", "org.example.third/gd", "--max-iters", "3", "--plugin-path", folder, "--out", "third-gd"], in: work)
    XCTAssertEqual(qualified.status, 0, qualified.stderr)
    XCTAssertTrue(qualified.stdout.contains("org.example.third 1.0.0"), qualified.stdout)
  }

  /// A registry-cache entry that does not match its file (poisoned or stale) is not blamed on the plugin alone:
  /// both a remembered failure and remembered metadata that no longer match say to add --rescan, which fixes it.
  func testAPoisonedCacheEntrySuggestsRescan() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let paths = ["--plugin-path", fixtures.good]
    XCTAssertEqual(try TestEnvironment.run(["list"] + paths, in: work).status, 0)
    let cache = RegistryCache.defaultPath(environment: ["XDG_CACHE_HOME": TestEnvironment.cacheFolder(for: work)])
    let library = try XCTUnwrap(
      try FileSystem.contents(of: fixtures.good).first { $0.hasSuffix("libcgood.so") })
    let identity = try XCTUnwrap(
      FileIdentity.of(try XCTUnwrap(FileSystem.realPath(FileSystem.join(fixtures.good, library)))))
    let original = try XCTUnwrap(RegistryCache.load(path: cache).outcome(for: identity))
    func poison(_ change: (ScanOutcome) -> ScanOutcome) throws {
      var poisoned = RegistryCache.load(path: cache)
      poisoned.store(change(original), for: identity)
      XCTAssertNil(poisoned.save())
    }
    let run = ["run", "cgd", "--max-iters", "2"] + paths
    try poison { _ in .failed("crashed while loading: SIGSEGV (segmentation fault)") }
    let failed = try TestEnvironment.run(run + ["--out", "a"], in: work)
    XCTAssertEqual(failed.status, 2, failed.stderr)
    XCTAssertTrue(failed.stderr.contains("remembered by the registry cache"), failed.stderr)
    XCTAssertTrue(failed.stderr.contains("add --rescan"), failed.stderr)

    try poison { outcome in
      guard case .plugin(var info) = outcome else { return outcome }
      info.name = "poisoned"
      return .plugin(info)
    }
    let stale = try TestEnvironment.run(run + ["--out", "b"], in: work)
    XCTAssertEqual(stale.status, 3, stale.stderr)
    XCTAssertTrue(stale.stderr.contains("or the cache entry is damaged); add --rescan"), stale.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "b")), .missing)
    let rescanned = try TestEnvironment.run(run + ["--rescan", "--out", "c"], in: work)
    XCTAssertEqual(rescanned.status, 0, rescanned.stderr)
  }

  /// The README's `--objective` line, exactly as written, in a folder laid out like a fresh clone: it builds the
  /// example library itself and gradient descent converges on it.
  func testTheReadmeObjectiveLineWorksAsWritten() throws {
    let readme = try FileSystem.readText(FileSystem.join(TestEnvironment.repository, "README.md"))
    let line = try XCTUnwrap(
      readme.split(separator: "\n").first { $0.hasPrefix("$ ") && $0.contains("--objective") }
    ).dropFirst(2)
    let clone = TestEnvironment.temporaryFolder(self, "clone")
    try FileSystem.makeDirectories(FileSystem.join(clone, "docs/examples"))
    try FileSystem.makeDirectories(FileSystem.join(clone, ".build/debug"))
    try FileManager.default.copyItem(
      atPath: FileSystem.join(TestEnvironment.repository, "docs/examples/rosenbrock.c"),
      toPath: FileSystem.join(clone, "docs/examples/rosenbrock.c"))
    // The symbolic link resolves to the built executable, which finds the plugins next to it.
    try FileManager.default.createSymbolicLink(
      atPath: FileSystem.join(clone, ".build/debug/catalogue"), withDestinationPath: TestEnvironment.catalogue)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = FileSystem.join(clone, ".xdg")
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: clone)
    environment.removeValue(forKey: "CATALOGUE_PLUGIN_PATH")
    let output = try TestEnvironment.execute("/bin/sh", ["-c", String(line)], in: clone, environment: environment)
    XCTAssertEqual(output.status, 0, output.stderr)
    let runs = try FileSystem.contents(of: FileSystem.join(clone, "runs"))
    XCTAssertEqual(runs.count, 1)
    let result = try JSONValue.parse(
      try FileSystem.readText(FileSystem.join(clone, "runs/\(runs[0])/result.json")))
    XCTAssertLessThan(try XCTUnwrap(result["final_metrics"]?["f"]?.doubleValue), 1e-6, "GD reaches the minimum 0")
  }
}
