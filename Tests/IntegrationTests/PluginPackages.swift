import CatalogueHost
import Foundation
import XCTest

/// Builds the out-of-tree plugins the tests use: Swift packages with `swift build`, C plugins with `make`.
///
/// Swift packages share one scratch folder inside the test build's folder, so the SDK they depend on is compiled
/// once per checkout and later test runs rebuild only what changed (a cold build of a plugin package costs about
/// half a minute).
enum PluginPackages {
  /// The scratch folder for Swift plugin packages.
  static var scratch: String { FileSystem.join(TestEnvironment.binFolder, "plugin-packages") }

  /// Builds the Swift package at `path` and returns the folder holding its products.
  static func buildSwift(_ path: String) throws -> String {
    guard let swift = TestEnvironment.program("swift") else { throw XCTSkip("swift is not on PATH") }
    let output = try TestEnvironment.execute(
      swift, ["build", "--package-path", path, "--scratch-path", scratch], in: path)
    guard output.status == 0 else {
      XCTFail("swift build of \(path) failed:\n\(output.stdout.suffix(3000))\n\(output.stderr.suffix(2000))")
      throw FixtureError(description: "swift build failed")
    }
    return FileSystem.join(scratch, "debug")
  }

  /// Runs `make` in `path` with the given variables and returns its output folder.
  static func buildC(_ path: String, output: String, variables: [String] = []) throws -> String {
    guard let make = TestEnvironment.program("make") else { throw XCTSkip("make is not on PATH") }
    let result = try TestEnvironment.execute(make, ["-C", path, "OUT=\(output)"] + variables, in: path)
    guard result.status == 0 else {
      XCTFail("make in \(path) failed:\n\(result.stdout)\n\(result.stderr)")
      throw FixtureError(description: "make failed")
    }
    return output
  }
}
