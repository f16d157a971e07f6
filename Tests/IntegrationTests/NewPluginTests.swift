import CatalogueHost
import Foundation
import XCTest

/// `catalogue new-plugin`: what it writes builds, validates and runs without a single edit.
final class NewPluginTests: XCTestCase {
  func testACPluginBuildsValidatesAndRunsUnchanged() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let created = try TestEnvironment.run(["new-plugin", "fresh-c", "--lang", "c", "--dir", "mine"], in: work)
    XCTAssertEqual(created.status, 0, created.stderr)
    XCTAssertTrue(created.stdout.contains("created \(work)/mine/fresh-c/fresh_c.c"), created.stdout)
    let folder = FileSystem.join(work, "mine/fresh-c")
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
    let created = try TestEnvironment.run(["new-plugin", "fresh-swift", "--lang", "swift", "--dir", work], in: work)
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

  func testBadRequestsAreUsageErrors() throws {
    let work = TestEnvironment.temporaryFolder(self)
    for (arguments, words) in [
      (["new-plugin", "Bad_Name", "--lang", "c"], "must start with a lower-case letter"),
      (["new-plugin", "fine", "--lang", "rust"], "--lang must be swift or c"),
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
