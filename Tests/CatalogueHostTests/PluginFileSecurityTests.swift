import Glibc
import XCTest

@testable import CatalogueHost

/// Plugin files that someone else could have replaced are refused before they are loaded.
final class PluginFileSecurityTests: XCTestCase {
  var root = ""

  override func setUpWithError() throws {
    root = FileSystem.join(NSTemporaryDirectory(), "security-\(UUID().uuidString)")
    try FileSystem.makeDirectories(FileSystem.join(root, "plugins"))
    chmod(root, 0o755)
    chmod(FileSystem.join(root, "plugins"), 0o755)
    addTeardownBlock { [root] in FileSystem.removeTree(root) }
  }

  func plugin(mode: mode_t = 0o644) throws -> String {
    let path = FileSystem.join(root, "plugins/libp.so")
    try FileSystem.writeAtomically([0x7F], to: path)
    chmod(path, mode)
    return FileSystem.realPath(path)!
  }

  func testSafeFilesPass() throws {
    let file = try plugin()
    XCTAssertNil(PluginFileSecurity.problem(realPath: file, searchedFolder: FileSystem.join(root, "plugins")))
  }

  /// One scan asks each folder once (`SecurityVerdicts`) but still checks every file, and a candidate of another
  /// folder gets that folder's own verdict: the answers are `problem`'s.
  func testVerdictsOfOneScanAreThoseOfProblem() throws {
    let folder = FileSystem.join(root, "plugins")
    let safe = try plugin()
    let open = FileSystem.join(folder, "libopen.so")
    try FileSystem.writeAtomically([0x7F], to: open)
    chmod(open, 0o666)
    let other = FileSystem.join(root, "other")
    try FileSystem.makeDirectories(other)
    chmod(other, 0o777)
    let elsewhere = FileSystem.join(other, "libq.so")
    try FileSystem.writeAtomically([0x7F], to: elsewhere)
    chmod(elsewhere, 0o644)
    var verdicts = SecurityVerdicts()
    for (file, searched) in [(safe, folder), (open, folder), (safe, folder), (elsewhere, other), (safe, folder)] {
      let expected = PluginFileSecurity.problem(realPath: file, searchedFolder: searched)
      XCTAssertEqual(verdicts.problem(realPath: file, searchedFolder: searched), expected, file)
    }
    XCTAssertNil(verdicts.problem(realPath: safe, searchedFolder: folder))
    XCTAssertNotNil(verdicts.problem(realPath: open, searchedFolder: folder), "the file itself is still checked")
    XCTAssertNotNil(verdicts.problem(realPath: elsewhere, searchedFolder: other), "another folder, its own verdict")
  }

  func testAWorldWritableFileIsRefused() throws {
    let file = try plugin(mode: 0o666)
    let problem = try XCTUnwrap(PluginFileSecurity.problem(realPath: file))
    XCTAssertEqual(problem, "file \(file) is writable by everyone (mode 666)")
    XCTAssertTrue(PluginFileSecurity.refusal(problem).contains("--allow-insecure-plugins"))
  }

  func testAWorldWritableFolderAboveIsRefused() throws {
    let file = try plugin()
    chmod(FileSystem.join(root, "plugins"), 0o777)
    let problem = try XCTUnwrap(PluginFileSecurity.problem(realPath: file))
    XCTAssertTrue(problem.hasPrefix("folder \(FileSystem.realPath(FileSystem.join(root, "plugins"))!) is writable"))
  }

  func testAStickyFolderAboveIsFineButNotAsTheSearchedFolder() throws {
    let file = try plugin()
    let folder = FileSystem.join(root, "plugins")
    chmod(folder, 0o1777)
    // Like /tmp: others cannot replace a file they do not own there...
    XCTAssertNil(PluginFileSecurity.problem(realPath: file))
    // ...but anyone can add a new plugin to a folder that is searched.
    let problem = try XCTUnwrap(PluginFileSecurity.problem(realPath: file, searchedFolder: folder))
    XCTAssertTrue(problem.hasPrefix("plugin folder"), problem)
  }

  func testAGroupWritableFileIsRefusedUnlessTheGroupIsPrivate() throws {
    let file = try plugin(mode: 0o664)
    var info = stat()
    stat(file, &info)
    guard let user = getpwuid(info.st_uid), user.pointee.pw_gid == info.st_gid,
      let group = getgrgid(info.st_gid), group.pointee.gr_mem.pointee == nil
    else {
      let problem = PluginFileSecurity.problem(realPath: file)
      XCTAssertTrue(problem?.contains("writable by group") ?? false, problem ?? "accepted")
      return
    }
    // The owner's own group with no other members (Debian's user-private groups) is no one else.
    XCTAssertNil(PluginFileSecurity.problem(realPath: file))
  }

  func testAFileOwnedByAnotherUserIsRefused() throws {
    guard geteuid() == 0 else { throw XCTSkip("only root can give a file to another user") }
    let file = try plugin()
    XCTAssertEqual(chown(file, 54_321, 54_321), 0)
    let problem = try XCTUnwrap(PluginFileSecurity.problem(realPath: file))
    XCTAssertTrue(problem.contains("is owned by") && problem.contains("54321"), problem)
  }

  /// A root build inside a checkout owned by a CI user: the folders above are judged by their mode only, but the
  /// folder holding the plugin must be the user's or root's.
  func testFoldersAboveAreJudgedByModeAndTheHolderByOwnerToo() throws {
    guard geteuid() == 0 else { throw XCTSkip("only root can give a folder to another user") }
    let file = try plugin()
    XCTAssertEqual(chown(root, 54_321, 54_321), 0)
    XCTAssertNil(PluginFileSecurity.problem(realPath: file))
    XCTAssertEqual(chown(FileSystem.join(root, "plugins"), 54_321, 54_321), 0)
    let problem = try XCTUnwrap(PluginFileSecurity.problem(realPath: file))
    XCTAssertTrue(problem.hasPrefix("folder") && problem.contains("is owned by"), problem)
  }
}
