import CatalogueHost
import Foundation
import XCTest

/// `catalogue new-plugin`: what it writes builds, validates and runs without a single edit.
final class NewPluginTests: XCTestCase {
  func testACPluginBuildsValidatesAndRunsUnchanged() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let created = try TestEnvironment.run(["new-plugin", "fresh-c", "--lang", "c", "--dir", "mine"], in: work)
    XCTAssertEqual(created.status, 0, created.stderr)
    // --dir is the plugin's folder itself, not a parent of it (issue 13: `--dir myalgo` made myalgo/myalgo).
    XCTAssertTrue(created.stdout.contains("created \(work)/mine/fresh_c.c"), created.stdout)
    let folder = FileSystem.join(work, "mine")
    let build = try PluginPackages.buildC(folder, output: FileSystem.join(folder, "build"))
    let validate = try TestEnvironment.run(["validate", FileSystem.join(build, "libfresh-c.so")], in: work)
    XCTAssertEqual(validate.status, 0, validate.stdout)
    let run = try TestEnvironment.run(
      ["run", "fresh-c", "--out", "run"], in: work, environment: ["CATALOGUE_PLUGIN_PATH": build])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("termination  max_iters"), run.stdout)
  }

  func testASwiftPluginBuildsValidatesAndRunsUnchanged() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let created = try TestEnvironment.run(["new-plugin", "fresh-swift", "--lang", "swift"], in: work)
    XCTAssertEqual(created.status, 0, created.stderr)
    let products = try PluginPackages.buildSwift(FileSystem.join(work, "fresh-swift"))
    let library = FileSystem.join(products, "libFreshSwift.so")
    let validate = try TestEnvironment.run(["validate", library], in: work)
    XCTAssertEqual(validate.status, 0, validate.stdout)
    let folder = FileSystem.join(work, "plugins")
    try FileSystem.makeDirectories(folder)
    try FileManager.default.copyItem(atPath: library, toPath: FileSystem.join(folder, "libFreshSwift.so"))
    let run = try TestEnvironment.run(
      ["run", "fresh-swift", "--out", "run"], in: work, environment: ["CATALOGUE_PLUGIN_PATH": folder])
    XCTAssertEqual(run.status, 0, run.stderr)
    // Gradient descent with step 1/2 on the default quadratic (curvatures in [0.1, 1]) for 100 steps.
    let json = try JSONValue.parse(try FileSystem.readText(FileSystem.join(work, "run/result.json")))
    XCTAssertLessThan(try XCTUnwrap(json["final_metrics"]?["f"]?.doubleValue), 1e-3)
  }

  /// A `catalogue` copied far from the source tree (as an installed one is) still makes a C plugin that builds,
  /// validates and runs, with the header it was built with; a Swift plugin, which needs the SDK's package, is
  /// refused with one line that says what to pass, and made when given the tree.
  func testACopiedBinaryOutsideTheSourceTreeMakesACPlugin() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let binary = FileSystem.join(work, "bin/catalogue")
    try FileSystem.makeDirectories(FileSystem.directory(of: binary))
    try FileManager.default.copyItem(atPath: TestEnvironment.catalogue, toPath: binary)
    let created = try TestEnvironment.execute(
      binary, ["new-plugin", "myalgo", "--lang", "c", "--dir", "myalgo"], in: work, environment: isolated(work))
    XCTAssertEqual(created.status, 0, created.stderr)
    let folder = FileSystem.join(work, "myalgo")
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(folder, "include/catalogue.h")),
      try FileSystem.readText(
        FileSystem.join(TestEnvironment.repository, "Sources/Registry/CCatalogue/include/catalogue.h")))
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(folder, "myalgo")), .missing)
    let build = try PluginPackages.buildC(folder, output: FileSystem.join(folder, "build"))
    let validate = try TestEnvironment.execute(
      binary, ["validate", FileSystem.join(build, "libmyalgo.so")], in: work, environment: isolated(work))
    XCTAssertEqual(validate.status, 0, validate.stdout)
    var environment = isolated(work)
    environment["CATALOGUE_PLUGIN_PATH"] = build
    let run = try TestEnvironment.execute(
      binary, ["run", "myalgo", "--out", "run"], in: work, environment: environment)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("termination  max_iters"), run.stdout)

    let swift = try TestEnvironment.execute(
      binary, ["new-plugin", "myswift", "--lang", "swift"], in: work, environment: isolated(work))
    XCTAssertEqual(swift.status, 2, swift.stderr)
    XCTAssertEqual(swift.errorLines.count, 1, swift.stderr)
    XCTAssertTrue(swift.stderr.contains("pass --catalogue PATH"), swift.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "myswift")), .missing)
    let given = try TestEnvironment.execute(
      binary, ["new-plugin", "myswift", "--lang", "swift", "--catalogue", TestEnvironment.repository], in: work,
      environment: isolated(work))
    XCTAssertEqual(given.status, 0, given.stderr)
    let package = try FileSystem.readText(FileSystem.join(work, "myswift/Package.swift"))
    XCTAssertTrue(package.contains(#"path: "\#(FileSystem.realPath(TestEnvironment.repository)!)""#), package)
  }

  /// The environment `TestEnvironment.run` gives the built binary, for a copy of it.
  private func isolated(_ work: String) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = FileSystem.join(work, ".xdg")
    environment["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    environment.removeValue(forKey: "CATALOGUE_PLUGIN_PATH")
    return environment
  }

  func testBadRequestsAreUsageErrors() throws {
    let work = TestEnvironment.temporaryFolder(self)
    for (arguments, words) in [
      (["new-plugin", "Bad_Name", "--lang", "c"], "must start with a lower-case letter"),
      (
        ["new-plugin", "fine", "--lang", "rust"],
        "--lang must be swift or c (got rust); for Rust, copy plugins/rust-example"
      ),
      (["new-plugin", "fine", "--lang", "c", "--catalogue", "/"], "is not a catalogue source tree"),
    ] {
      let output = try TestEnvironment.run(arguments, in: work)
      XCTAssertEqual(output.status, 2, arguments.joined(separator: " "))
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), output.stderr)
    }
    XCTAssertEqual(try FileSystem.contents(of: work), [])
  }
}
