import CatalogueHost
import Foundation
import XCTest

/// The two example plugins in `plugins/`, as a third party would use them: built from the checkout, validated, found
/// through CATALOGUE_PLUGIN_PATH and run; and their problems used by another plugin's algorithms.
final class ExamplePluginTests: XCTestCase {
  var examples: String { FileSystem.join(TestEnvironment.repository, "plugins") }

  func result(_ folder: String) throws -> JSONValue {
    try JSONValue.parse(try FileSystem.readText(FileSystem.join(folder, "result.json")))
  }

  func testTheCExampleBuildsValidatesAndRuns() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let build = try PluginPackages.buildC(
      FileSystem.join(examples, "c-example"), output: FileSystem.join(work, "build"))
    let library = FileSystem.join(build, "librgf.so")
    let validate = try TestEnvironment.run(["validate", library, "--json"], in: work)
    XCTAssertEqual(validate.status, 0, validate.stdout)
    let report = try JSONValue.parse(validate.stdout)
    XCTAssertEqual(report["passed"], .bool(true), validate.stdout)
    XCTAssertEqual(report["counts"]?["failed"], .integer(0))

    let environment = ["CATALOGUE_PLUGIN_PATH": build]
    let list = try TestEnvironment.run(["list"], in: work, environment: environment)
    XCTAssertTrue(list.stdout.contains("org.example.rgf"), list.stdout)
    let run = try TestEnvironment.run(
      ["run", "rgf", "--seed", "2", "--out", "rgf"], in: work, environment: environment)
    XCTAssertEqual(run.status, 0, run.stderr)
    // Random gradient-free descent on Booth's function from (0, 0), where f = 74: far below after 2000 steps.
    let json = try result(FileSystem.join(work, "rgf"))
    let f = try XCTUnwrap(json["final_metrics"]?["f"]?.doubleValue)
    XCTAssertLessThan(f, 1e-3)
    XCTAssertEqual(json["oracle_counts"]?["n_value"]?.uint64Value, 1 + 2 * 2000)
    let x = try XCTUnwrap(json["result_vectors"]?["x"]?.arrayValue?.compactMap(\.doubleValue))
    XCTAssertEqual(x[0], 1, accuracy: 0.05)
    XCTAssertEqual(x[1], 3, accuracy: 0.05)

    // The example's problem is open to other plugins' algorithms: the baselines' CG is exact on this quadratic.
    if FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file {
      let cg = try TestEnvironment.run(
        ["run", "cg", "--problem", "booth", "--out", "cg"], in: work, environment: environment)
      XCTAssertEqual(cg.status, 0, cg.stderr)
      XCTAssertLessThan(try result(FileSystem.join(work, "cg"))["final_metrics"]?["f"]?.doubleValue ?? 1, 1e-20)
    }
  }

  func testTheSwiftExampleBuildsValidatesAndRuns() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let products = try PluginPackages.buildSwift(FileSystem.join(examples, "swift-example"))
    let library = FileSystem.join(products, "libBarzilaiBorwein.so")
    let validate = try TestEnvironment.run(["validate", library], in: work)
    XCTAssertEqual(validate.status, 0, validate.stdout)
    XCTAssertTrue(validate.stdout.hasSuffix("0 failed, 0 skipped\n"), validate.stdout)

    let folder = FileSystem.join(work, "plugins")
    try FileSystem.makeDirectories(folder)
    try FileManager.default.copyItem(atPath: library, toPath: FileSystem.join(folder, "libBarzilaiBorwein.so"))
    let environment = ["CATALOGUE_PLUGIN_PATH": folder]
    let run = try TestEnvironment.run(["run", "bb", "--out", "bb"], in: work, environment: environment)
    XCTAssertEqual(run.status, 0, run.stderr)
    // Trid(10): minimum −210 at xᵢ = i(11 − i); BB reaches it to rounding in its 200 iterations.
    let json = try result(FileSystem.join(work, "bb"))
    XCTAssertEqual(json["problem"]?["reference_values"]?["f_star"]?.doubleValue, -210)
    XCTAssertEqual(try XCTUnwrap(json["final_metrics"]?["f"]?.doubleValue), -210, accuracy: 1e-8)
    let x = try XCTUnwrap(json["result_vectors"]?["x"]?.arrayValue?.compactMap(\.doubleValue))
    XCTAssertEqual(x.count, 10)
    for (index, value) in x.enumerated() {
      XCTAssertEqual(value, Double((index + 1) * (10 - index)), accuracy: 1e-5)
    }

    if FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file {
      let gd = try TestEnvironment.run(
        ["run", "gd", "--problem", "trid", "-p", "step_size=0.25", "--max-iters", "3", "--out", "gd"], in: work,
        environment: environment)
      XCTAssertEqual(gd.status, 0, gd.stderr)
      XCTAssertEqual(
        try result(FileSystem.join(work, "gd"))["problem"]?["plugin"]?["id"], .string("org.example.barzilai-borwein"))
    }
  }
}
