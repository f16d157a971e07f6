import CatalogueHost
import Foundation
import XCTest

/// Every documented way a plugin file can fail: each gives its message, and the good plugin still lists.
final class BadPluginTests: XCTestCase {
  func testEachBadPluginGivesItsMessageAndTheGoodOneStillLists() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["list", "--plugin-path", fixtures.good, "--plugin-path", fixtures.bad], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertTrue(output.stdout.contains("org.catalogue.test.cgood"), output.stdout)
    XCTAssertTrue(output.stdout.contains("cgd"), output.stdout)
    let expected: [(String, String)] = [
      ("libno_entry.so", "no symbol catalogue_plugin_entry: not a catalogue plugin"),
      (
        "libwrong_major.so",
        "built for catalogue ABI 2.0, this host speaks \(CatalogueVersion.abi): rebuild the plugin against catalogue.h 1.x"
      ),
      ("libnewer_minor.so", "built for catalogue ABI 1.99, this host speaks \(CatalogueVersion.abi):"),
      ("libnull_entry.so", "needs a GPU with 80 GB, none found"),
      ("text.so", "not an ELF file"),
      ("folder.so", "is a directory, not a shared library file"),
    ]
    let lines = output.stderr.split(separator: "\n").map(String.init)
    for (file, message) in expected {
      let line = lines.first { $0.contains("/\(file):") }
      XCTAssertNotNil(line, "no line for \(file) in:\n\(output.stderr)")
      XCTAssertTrue(line?.contains(message) ?? false, "\(line ?? "") should contain '\(message)'")
      XCTAssertTrue(line?.hasPrefix("warning: ") ?? false)
    }
    XCTAssertEqual(lines.count, expected.count, output.stderr)
  }

  func testStrictListExitsWithThree() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["list", "--strict", "--plugin-path", "\(fixtures.good):\(fixtures.bad)"], in: work)
    XCTAssertEqual(output.status, 3)
    XCTAssertEqual(output.errorLines.count, 6, output.stderr)
    XCTAssertTrue(output.stdout.contains("org.catalogue.test.cgood"))
    let clean = try TestEnvironment.run(["list", "--strict", "--plugin-path", fixtures.good], in: work)
    XCTAssertEqual(clean.status, 0, clean.stderr)
  }

  func testUnreadableFile() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let folder = FileSystem.join(work, "locked")
    try FileSystem.makeDirectories(folder)
    let file = FileSystem.join(folder, "liblocked.so")
    XCTAssertNoThrow(
      try FileManager.default.copyItem(atPath: FileSystem.join(fixtures.good, "libcgood.so"), toPath: file))
    chmod(file, 0)
    defer { chmod(file, 0o644) }
    guard open(file, O_RDONLY) < 0 else {
      // Root reads any file, so permission bits cannot make one unreadable (CI runs as root); the directory named
      // folder.so in the other test covers the read-error path instead.
      throw XCTSkip("running as root: chmod 000 does not make a file unreadable")
    }
    let output = try TestEnvironment.run(["list", "--plugin-path", folder], in: work)
    XCTAssertEqual(output.status, 0)
    XCTAssertTrue(output.stderr.contains("cannot read file: Permission denied"), output.stderr)
  }

  func testMissingExplicitPathIsReported() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(["list", "--plugin-path", "/no/such/plugins"], in: work)
    XCTAssertEqual(output.status, 0)
    XCTAssertTrue(output.stderr.contains("/no/such/plugins: no such file or folder"), output.stderr)
  }

  func testLibraryRecordsFailuresWithFileAndReason() throws {
    let fixtures = try fixtures()
    let registry = PluginRegistry.load(
      from: PluginSearchPath(entries: [
        SearchPathEntry(path: fixtures.bad, origin: .commandLine),
        SearchPathEntry(path: fixtures.good, origin: .commandLine),
      ]))
    XCTAssertEqual(registry.plugins.map(\.info.id), ["org.catalogue.test.cgood"])
    XCTAssertEqual(registry.failures.count, 6)
    XCTAssertTrue(registry.failures.allSatisfy { $0.file.hasPrefix(fixtures.bad) && !$0.reason.isEmpty })
  }

  func testExecutableFolderSkipsNonPluginsSilently() throws {
    let fixtures = try fixtures()
    let registry = PluginRegistry.load(
      from: PluginSearchPath(entries: [SearchPathEntry(path: fixtures.bad, origin: .executableFolder)]))
    XCTAssertFalse(registry.failures.contains { $0.file.hasSuffix("libno_entry.so") })
    XCTAssertTrue(registry.failures.contains { $0.file.hasSuffix("libwrong_major.so") })
  }

  /// An algorithm asked for while a plugin file failed to load: the error names the file and why, since the
  /// algorithm may be in it (`run` and `info` share the lookup).
  func testNotFoundNamesTheFilesThatFailedToLoadWithTheirReason() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    for command in ["run", "info"] {
      let output = try TestEnvironment.run(
        [command, "crash-segv", "--plugin-path", FileSystem.join(fixtures.hostile, "libcrash_entry.so")], in: work)
      XCTAssertEqual(output.status, 2, output.stderr)
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains("'crash-segv'"), output.stderr)
      XCTAssertTrue(output.stderr.contains("libcrash_entry.so was not loaded: crashed"), output.stderr)
    }
  }
}
