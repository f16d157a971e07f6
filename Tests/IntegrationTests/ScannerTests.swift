import CatalogueHost
import Foundation
import XCTest

/// Scanning in child processes and the registry cache, through the built `catalogue`: hostile plugins are named
/// with their reason while the others list, a warm `list` loads no plugin, and a changed file is scanned again.
final class ScannerTests: XCTestCase {
  /// Every kind of bad file at once: crashing and hanging entry points, a text file, an ABI-2 plugin, plus the
  /// good plugin and one that prints while loading.
  func testHostilePluginsAreNamedAndTheOthersStillList() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let paths = [
      "--plugin-path", [fixtures.good, fixtures.hostile, fixtures.bad, fixtures.marker].joined(separator: ":"),
    ]
    let environment = [
      "CATALOGUE_SCAN_TIMEOUT": "2", "CATALOGUE_TEST_MARKER": FileSystem.join(work, "marker.txt"),
    ]
    let start = ContinuousClock.now
    let cold = try TestEnvironment.run(["list"] + paths, in: work, environment: environment)
    XCTAssertEqual(cold.status, 0, cold.stderr)
    XCTAssertLessThan((ContinuousClock.now - start) / .seconds(1), 15, "the hang costs its timeout, not more")
    for id in ["org.catalogue.test.cgood", "org.catalogue.test.marker"] {
      XCTAssertTrue(cold.stdout.contains(id), cold.stdout)
    }
    XCTAssertFalse(cold.stdout.contains("entry called") || cold.stdout.contains("printed by the plugin"), cold.stdout)
    XCTAssertFalse(cold.stderr.contains("marker plugin: loading"), "plugin output never reaches the host's")
    let expected: [(String, String)] = [
      ("libcrash_entry.so", "crashed while loading: SIGSEGV (segmentation fault"),
      ("libhang_entry.so", "did not finish loading within 2 s"),
      ("text.so", "not an ELF file"),
      ("libwrong_major.so", "built for catalogue ABI 2.0, this host speaks \(CatalogueVersion.abi)"),
    ]
    let lines = cold.stderr.split(separator: "\n").map(String.init)
    for (file, reason) in expected {
      XCTAssertTrue(
        lines.contains { $0.hasPrefix("warning: skipped plugin ") && $0.contains("/\(file): \(reason)") },
        "no warning naming \(file) with '\(reason)' in:\n\(cold.stderr)")
    }
    XCTAssertEqual(try FileSystem.readText(FileSystem.join(work, "marker.txt")), "loaded\n", "one scan, one load")

    // Warm: the same answers, from the cache, loading nothing and waiting for nothing.
    let warmStart = ContinuousClock.now
    let warm = try TestEnvironment.run(["list"] + paths, in: work, environment: environment)
    XCTAssertLessThan((ContinuousClock.now - warmStart) / .seconds(1), 1.5, "the hanging plugin is not scanned again")
    XCTAssertEqual(warm.stdout, cold.stdout)
    XCTAssertEqual(warm.stderr, cold.stderr)
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "marker.txt")), "loaded\n", "a warm list loads nothing")

    let failed = try TestEnvironment.run(["list", "--failed"] + paths, in: work, environment: environment)
    XCTAssertEqual(failed.status, 0)
    XCTAssertEqual(failed.stderr, "")
    XCTAssertTrue(failed.stdout.hasPrefix("FILE"), failed.stdout)
    XCTAssertTrue(failed.stdout.contains("libcrash_entry.so") && failed.stdout.contains("SIGSEGV"), failed.stdout)
    XCTAssertFalse(failed.stdout.contains("libmarker.so"), failed.stdout)
    let json = try JSONValue.parse(
      try TestEnvironment.run(["list", "--failed", "--json"] + paths, in: work, environment: environment).stdout)
    XCTAssertEqual(json["failures"]?.arrayValue?.count, 8)  // 2 hostile + 6 bad
  }

  func testAChangedFileIsScannedAgainAndRescanRebuilds() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "plugins")
    try FileSystem.makeDirectories(folder)
    let library = FileSystem.join(folder, "libmarker.so")
    try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.marker, "libmarker.so"), toPath: library)
    let marker = FileSystem.join(work, "marker.txt")
    func loads() throws -> Int {
      (try? FileSystem.readText(marker))?.split(separator: "\n").count ?? 0
    }
    func list(_ extra: [String] = []) throws {
      let output = try TestEnvironment.run(
        ["list", "--plugin-path", folder] + extra, in: work, environment: ["CATALOGUE_TEST_MARKER": marker])
      XCTAssertEqual(output.status, 0, output.stderr)
      XCTAssertTrue(output.stdout.contains("org.catalogue.test.marker"), output.stdout)
    }
    try list()
    try list()
    XCTAssertEqual(try loads(), 1)
    // A rebuild changes the modification time: scanned again.
    let later = Date().addingTimeInterval(5)
    try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: library)
    try list()
    XCTAssertEqual(try loads(), 2)
    try list(["--rescan"])
    XCTAssertEqual(try loads(), 3)
    try list()
    XCTAssertEqual(try loads(), 3)
    // Commands that plan runs read the cache too.
    let info = try TestEnvironment.run(
      ["info", "marker-idle", "--plugin-path", folder], in: work, environment: ["CATALOGUE_TEST_MARKER": marker])
    XCTAssertEqual(info.status, 0, info.stderr)
    XCTAssertEqual(try loads(), 3)
  }

  func testACrashIsRememberedUntilTheFileChanges() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "plugins")
    try FileSystem.makeDirectories(folder)
    let library = FileSystem.join(folder, "libplugin.so")
    try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.hostile, "libcrash_entry.so"), toPath: library)
    let first = try TestEnvironment.run(["list", "--failed", "--plugin-path", folder], in: work)
    XCTAssertTrue(first.stdout.contains("crashed while loading"), first.stdout)
    // Replace the crashing library with a good one: the new file is scanned and lists.
    try FileManager.default.removeItem(atPath: library)
    try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.good, "libcgood.so"), toPath: library)
    let second = try TestEnvironment.run(["list", "--plugin-path", folder], in: work)
    XCTAssertEqual(second.stderr, "")
    XCTAssertTrue(second.stdout.contains("org.catalogue.test.cgood"), second.stdout)
  }

  func testFilesOthersCanWriteAreRefusedUnlessAllowed() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "shared")
    try FileSystem.makeDirectories(folder)
    let library = FileSystem.join(folder, "libcgood.so")
    try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.good, "libcgood.so"), toPath: library)
    chmod(folder, 0o777)
    let refused = try TestEnvironment.run(["list", "--plugin-path", folder], in: work)
    XCTAssertEqual(refused.status, 0)
    XCTAssertFalse(refused.stdout.contains("org.catalogue.test.cgood"), refused.stdout)
    let real = FileSystem.realPath(folder)!
    XCTAssertTrue(
      refused.stderr.contains("libcgood.so: refused to load: folder \(real) is writable by everyone (mode 777)"),
      refused.stderr)
    XCTAssertTrue(refused.stderr.contains("--allow-insecure-plugins"), refused.stderr)
    let run = try TestEnvironment.run(["run", "cgd", "--plugin-path", folder], in: work)
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.stderr.contains("libcgood.so was not loaded: refused to load: folder"), run.stderr)
    let allowed = try TestEnvironment.run(["list", "--plugin-path", folder, "--allow-insecure-plugins"], in: work)
    XCTAssertTrue(allowed.stdout.contains("org.catalogue.test.cgood"), allowed.stdout)
    chmod(folder, 0o755)
    chmod(library, 0o646)
    let file = try TestEnvironment.run(["list", "--plugin-path", folder], in: work)
    XCTAssertTrue(
      file.stderr.contains("refused to load: file \(real)/libcgood.so is writable by everyone"), file.stderr)
  }

  /// The in-tree plugins SwiftPM builds next to the executable pass the security rules as built.
  func testTheBuildFolderIsTrusted() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["list"], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertFalse(output.stderr.contains("refused"), output.stderr)
    if FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file {
      XCTAssertTrue(output.stdout.contains("org.catalogue.baselines"), output.stdout)
    }
  }
}
