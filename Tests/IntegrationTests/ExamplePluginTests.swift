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

  /// The Rust example: built with cargo (standard library only), validated, run, and its problem used by gd.
  func testTheRustExampleBuildsValidatesAndRuns() throws {
    guard let cargo = TestEnvironment.program("cargo") else {
      throw XCTSkip("cargo is not installed (scripts/setup.sh --tests installs Debian's)")
    }
    let work = TestEnvironment.temporaryFolder(self)
    var environment = ProcessInfo.processInfo.environment
    environment["CARGO_TARGET_DIR"] = FileSystem.join(work, "target")
    let build = try TestEnvironment.execute(
      cargo, ["build", "--release", "--offline"], in: FileSystem.join(examples, "rust-example"),
      environment: environment)
    XCTAssertEqual(build.status, 0, build.stderr)
    let products = FileSystem.join(work, "target/release")
    let library = FileSystem.join(products, "libpolyak.so")
    let validate = try TestEnvironment.run(["validate", library], in: work)
    XCTAssertEqual(validate.status, 0, validate.stdout)
    XCTAssertTrue(validate.stdout.hasSuffix("0 failed, 0 skipped\n"), validate.stdout)

    let plugins = ["CATALOGUE_PLUGIN_PATH": products]
    let run = try TestEnvironment.run(
      ["run", "polyak", "--seed", "1", "--out", "polyak"], in: work, environment: plugins)
    XCTAssertEqual(run.status, 0, run.stderr)
    // From (0, 0): f = 170, ∇f = (−14, −22), ‖∇f‖² = 680, so the first Polyak step is 170/680 = 1/4 and lands on
    // (3.5, 5.5), where f = (12.25 + 5.5 − 11)² + (3.5 + 30.25 − 7)² = 6.75² + 26.75².
    let trace = try FileSystem.readText(FileSystem.join(work, "polyak/trace.csv")).split(separator: "\n")
    let header = trace[0].split(separator: ",")
    let column = try XCTUnwrap(header.firstIndex(of: "f"))
    XCTAssertEqual(Double(trace[1].split(separator: ",")[column]), 170)
    XCTAssertEqual(Double(trace[2].split(separator: ",")[column]), 6.75 * 6.75 + 26.75 * 26.75)
    let json = try result(FileSystem.join(work, "polyak"))
    XCTAssertLessThan(try XCTUnwrap(json["final_metrics"]?["f"]?.doubleValue), 1e-20)
    let again = try TestEnvironment.run(
      ["run", "polyak", "--seed", "1", "--out", "again"], in: work, environment: plugins)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "polyak/trace.csv")),
      try FileSystem.readText(FileSystem.join(work, "again/trace.csv")))

    if FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file {
      let gd = try TestEnvironment.run(
        ["run", "gd", "--problem", "himmelblau", "-p", "step_size=0.01", "--max-iters", "2000", "--out", "gd"],
        in: work, environment: plugins)
      XCTAssertEqual(gd.status, 0, gd.stderr)
      let gdResult = try result(FileSystem.join(work, "gd"))
      XCTAssertEqual(gdResult["problem"]?["plugin"]?["id"], .string("org.example.polyak"))
      XCTAssertLessThan(try XCTUnwrap(gdResult["final_metrics"]?["f"]?.doubleValue), 1e-12)
    }
  }
}
