import Glibc
import XCTest

@testable import CatalogueHost

final class SearchPathTests: XCTestCase {
  func testDocumentedOrder() {
    let path = PluginSearchPath(
      pluginPaths: ["/a:/b", "rel"], environment: ["CATALOGUE_PLUGIN_PATH": "/c::/d", "HOME": "/home/u"],
      executableDirectory: "/opt/bin", currentDirectory: "/home/u/project")
    XCTAssertEqual(
      path.entries.map(\.path),
      [
        "/a", "/b", "/home/u/project/rel", "/c", "/d", "/opt/bin", "/home/u/.local/share/catalogue/plugins",
        "/usr/local/lib/catalogue/plugins",
      ])
    XCTAssertEqual(
      path.entries.map(\.origin),
      [.commandLine, .commandLine, .commandLine, .environment, .environment, .executableFolder, .userData, .system])
  }

  func testXDGDataHome() {
    let path = PluginSearchPath(
      pluginPaths: [], environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/home/u"], executableDirectory: nil,
      currentDirectory: "/")
    XCTAssertEqual(path.entries.map(\.path), ["/xdg/catalogue/plugins", "/usr/local/lib/catalogue/plugins"])
    let relative = PluginSearchPath(
      pluginPaths: [], environment: ["XDG_DATA_HOME": "xdg", "HOME": "/h"], executableDirectory: nil,
      currentDirectory: "/")
    XCTAssertEqual(relative.entries.first?.path, "/h/.local/share/catalogue/plugins")
  }

  func testDiscoveryDeduplicatesByRealPathAndReportsMissingExplicitEntries() throws {
    let folder = FileSystem.join(NSTemporaryDirectory(), "discovery-\(UUID().uuidString)")
    try FileSystem.makeDirectories(folder)
    addTeardownBlock { FileSystem.removeTree(folder) }
    try FileSystem.writeAtomically([1], to: FileSystem.join(folder, "a.so"))
    try FileSystem.writeAtomically([1], to: FileSystem.join(folder, "notes.txt"))
    XCTAssertEqual(symlink(FileSystem.join(folder, "a.so"), FileSystem.join(folder, "b.so")), 0)
    let path = PluginSearchPath(entries: [
      SearchPathEntry(path: folder, origin: .commandLine),
      SearchPathEntry(path: FileSystem.join(folder, "a.so"), origin: .environment),
      SearchPathEntry(path: "/no/such/folder", origin: .commandLine),
      SearchPathEntry(path: "/no/such/default", origin: .userData),
    ])
    let (candidates, failures) = PluginDiscovery.candidates(on: path)
    XCTAssertEqual(candidates.map { FileSystem.fileName(of: $0.path) }, ["a.so"])
    XCTAssertEqual(failures.map(\.file), ["/no/such/folder"])
  }

  /// A folder's files get their folder's real path and their name; a symbolic link in the folder is resolved to
  /// its target, so the cache key of every candidate is the real path (as `realpath` gives it).
  func testDiscoveryGivesRealPathsThroughLinkedFolders() throws {
    let base = FileSystem.join(NSTemporaryDirectory(), "discovery-\(UUID().uuidString)")
    let real = FileSystem.join(base, "real")
    let elsewhere = FileSystem.join(base, "elsewhere")
    try FileSystem.makeDirectories(real)
    try FileSystem.makeDirectories(elsewhere)
    addTeardownBlock { FileSystem.removeTree(base) }
    try FileSystem.writeAtomically([1], to: FileSystem.join(real, "liba.so"))
    try FileSystem.writeAtomically([1], to: FileSystem.join(elsewhere, "target.so"))
    XCTAssertEqual(symlink(FileSystem.join(elsewhere, "target.so"), FileSystem.join(real, "libb.so")), 0)
    XCTAssertEqual(symlink(FileSystem.join(real, "gone.so"), FileSystem.join(real, "libc.so")), 0)
    let linked = FileSystem.join(base, "linked")
    XCTAssertEqual(symlink(real, linked), 0)
    let (candidates, _) = PluginDiscovery.candidates(
      on: PluginSearchPath(entries: [
        SearchPathEntry(path: linked, origin: .commandLine)
      ]))
    XCTAssertEqual(candidates.map { FileSystem.fileName(of: $0.path) }, ["liba.so", "libb.so", "libc.so"])
    XCTAssertEqual(candidates.map(\.folder), [linked, linked, linked])
    let realBase = try XCTUnwrap(FileSystem.realPath(base))
    XCTAssertEqual(
      candidates.map(\.realPath),
      [FileSystem.join(realBase, "real/liba.so"), FileSystem.join(realBase, "elsewhere/target.so"), nil])
    XCTAssertEqual(candidates.map(\.realPath), candidates.map { FileSystem.realPath($0.path) })
  }

  func testRunFolderNamesAndArtifactNames() throws {
    XCTAssertEqual(
      RunFolder.defaultPath(algorithm: "gd", problem: "quadratic", seed: 3, time: 0),
      "runs/gd-quadratic-seed3-19700101-000000")
    let base = FileSystem.join(NSTemporaryDirectory(), "folders-\(UUID().uuidString)")
    addTeardownBlock { FileSystem.removeTree(base) }
    let first = try RunFolder.create(FileSystem.join(base, "runs/x"), explicit: false)
    let second = try RunFolder.create(FileSystem.join(base, "runs/x"), explicit: false)
    let third = try RunFolder.create(FileSystem.join(base, "runs/x"), explicit: false)
    XCTAssertEqual([first, second, third].map { FileSystem.fileName(of: $0) }, ["x", "x-2", "x-3"])
    try FileSystem.writeAtomically([1], to: FileSystem.join(first, "f"))
    XCTAssertThrowsError(try RunFolder.create(first, explicit: true))
    XCTAssertEqual(try RunFolder.create(second, explicit: true), second)  // empty folders may be reused
    XCTAssertTrue(RunFolder.isPlainFileName("weights.bin"))
    for bad in ["", ".", "..", ".hidden", "a/b", "../x", "/etc/passwd"] {
      XCTAssertFalse(RunFolder.isPlainFileName(bad), bad)
    }
  }
}
