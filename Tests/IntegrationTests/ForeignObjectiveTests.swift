import CatalogueHost
import Foundation
import XCTest

/// `catalogue run --objective`: existing C and Fortran-style functions minimised through libffi, in every supported
/// calling convention, with clear errors for the rest.
final class ForeignObjectiveTests: XCTestCase {
  /// The objectives compiled into a throwaway library, once per test.
  func library(in work: String) throws -> String {
    let path = FileSystem.join(work, "libobjectives.so")
    try Fixtures.compile(
      FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/objectives.c"), to: path)
    return path
  }

  func finalPoint(_ folder: String) throws -> [Double] {
    let json = try JSONValue.parse(try FileSystem.readText(FileSystem.join(folder, "result.json")))
    return try XCTUnwrap(json["result_vectors"]?["x"]?.arrayValue?.compactMap(\.doubleValue))
  }

  override func setUpWithError() throws {
    guard FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file else {
      throw XCTSkip("the baselines plugin (whose algorithms are run here) is not built")
    }
  }

  func testEverySignatureStyleFindsTheMinimum() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    let styles: [(String, String, [String])] = [
      ("rosen_c64", "double(const double*, int64)", ["--gradient", "rosen_grad_c64"]),
      ("rosen_c32", "double(const double* x, int32 n)", []),
      ("rosen_size", "double(size_t n, const double* x)", []),
      ("rosen_fn_", "double(double*, int32*)", []),
      ("rosen_sub_", "void(int32* n, double* x, double* f)", ["--gradient", "rosen_grad_"]),
    ]
    for (symbol, signature, extra) in styles {
      let output = try TestEnvironment.run(
        [
          "run", "adam", "--objective", "\(library):\(symbol)", "--signature", signature, "--x0", "-1.2,1", "-p",
          "learning_rate=0.02", "--max-iters", "3000", "--out", symbol,
        ] + extra, in: work)
      XCTAssertEqual(output.status, 0, "\(symbol): \(output.stderr)")
      let x = try finalPoint(FileSystem.join(work, symbol))
      XCTAssertEqual(x.count, 2)
      for value in x { XCTAssertEqual(value, 1, accuracy: 2e-3, "\(symbol): \(x)") }
    }
  }

  func testCentralDifferencesMatchTheAnalyticGradientTrace() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    func run(_ name: String, _ extra: [String]) throws -> [[Double]] {
      let output = try TestEnvironment.run(
        [
          "run", "gd", "--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64)", "--x0",
          "-1.2,1", "-p", "step_size=1e-3", "--max-iters", "200", "--out", name,
        ] + extra, in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
      return try FileSystem.readText(FileSystem.join(work, "\(name)/trace.csv")).split(separator: "\n").dropFirst()
        .map { $0.split(separator: ",").dropFirst().prefix(2).compactMap { Double($0) } }
    }
    let analytic = try run("analytic", ["--gradient", "rosen_grad_c64"])
    let differences = try run("differences", [])
    XCTAssertEqual(analytic.count, 201)
    for (a, d) in zip(analytic, differences) {
      XCTAssertEqual(d[0], a[0], accuracy: 1e-6 * max(1, a[0]), "f")
      XCTAssertEqual(d[1], a[1], accuracy: 1e-5 * max(1, a[1]), "grad_norm")
    }
    XCTAssertNotEqual(analytic, differences, "differences are not exact")
  }

  func testSecondOrderMethodsUseDifferencesOfTheGradient() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    let refused = try TestEnvironment.run(
      [
        "run", "cg", "--objective", "\(library):shifted_sphere", "--signature", "double(const double*, int64)", "--dim",
        "5",
      ],
      in: work)
    XCTAssertEqual(refused.status, 2)
    XCTAssertEqual(
      refused.errorLines,
      [
        "error: algorithm cg needs Hessian-vector products; a foreign objective offers them (by differences of its "
          + "gradient) only with --gradient SYMBOL"
      ])
    // With the gradient, Hessian-vector products come from its central differences and CG reaches the minimum.
    let output = try TestEnvironment.run(
      [
        "run", "cg", "--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64)", "--gradient",
        "rosen_grad_c64", "--x0", "-1.2,1", "--out", "cg",
      ], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertTrue(output.stdout.contains("termination  converged"), output.stdout)
    for value in try finalPoint(FileSystem.join(work, "cg")) { XCTAssertEqual(value, 1, accuracy: 1e-6) }
  }

  func testInProcessAndWorkerAgree() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    let arguments = [
      "run", "gd", "--objective", "\(library):shifted_sphere", "--signature", "double(const double*, int64)", "--dim",
      "4", "-p", "step_size=0.25", "--max-iters", "40",
    ]
    XCTAssertEqual(try TestEnvironment.run(arguments + ["--out", "w"], in: work).status, 0)
    XCTAssertEqual(try TestEnvironment.run(arguments + ["--out", "p", "--in-process"], in: work).status, 0)
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "w/trace.csv")),
      try FileSystem.readText(FileSystem.join(work, "p/trace.csv")))
    let x = try finalPoint(FileSystem.join(work, "w"))
    for (index, value) in x.enumerated() { XCTAssertEqual(value, Double(index), accuracy: 1e-9) }
    let json = try JSONValue.parse(try FileSystem.readText(FileSystem.join(work, "w/result.json")))
    XCTAssertEqual(json["problem"]?["plugin"]?["id"], .string("org.catalogue.foreign"))
    XCTAssertEqual(json["problem"]?["objective"]?["symbol"], .string("shifted_sphere"))
    // The record repeats the run.
    let again = try TestEnvironment.run(["run", "--config", "w/result.json", "--out", "again"], in: work)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertEqual(
      try FileSystem.readText(FileSystem.join(work, "again/trace.csv")),
      try FileSystem.readText(FileSystem.join(work, "w/trace.csv")))
  }

  func testBadRequestsGetOneClearLine() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    let base = ["run", "gd", "--dim", "2"]
    let cases: [([String], Int32, String)] = [
      (
        ["--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64"], 2,
        "expected RESULT(ARGUMENTS)"
      ),
      (
        ["--objective", "\(library):rosen_c64", "--signature", "double(const float*, int64)"], 2,
        "unsupported argument type 'float'"
      ),
      (
        ["--objective", "\(library):rosenbrock", "--signature", "double(const double*, int64)"], 2,
        "symbol 'rosenbrock' is not exported"
      ),
      (
        ["--objective", "\(library):not_a_function", "--signature", "double(const double*, int64)"], 2,
        "is not a function"
      ),
      (["--objective", "\(library):rosen_c64"], 2, "--objective needs --signature"),
      (["--objective", "\(library)", "--signature", "double(const double*, int64)"], 2, "must be LIBRARY:SYMBOL"),
      (["--objective", "/no/such.so:f", "--signature", "double(const double*, int64)"], 2, "no such library file"),
      (
        ["--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64)", "--x0", "1,2,3"], 2,
        "--x0 has 3 values but --dim is 2"
      ),
      (
        ["--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64)", "--x0", "1,0x1"], 2,
        "--x0: '0x1' is hexadecimal"
      ),
      (
        [
          "--objective", "\(library):rosen_c64", "--signature", "double(const double*, int64)", "--problem",
          "quadratic",
        ], 2, "either --problem or --objective"
      ),
      (["--signature", "double(const double*, int64)"], 2, "--signature only applies with --objective"),
      (
        ["--objective", "\(library):not_finite", "--signature", "double(const double*, int64)"], 1,
        "returned nan at the start point"
      ),
    ]
    for (arguments, status, words) in cases {
      let output = try TestEnvironment.run(base + arguments, in: work)
      XCTAssertEqual(output.status, status, "\(arguments): \(output.stderr)")
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), "\(arguments): \(output.stderr)")
    }
    XCTAssertEqual(try FileSystem.contents(of: work), ["libobjectives.so"], "no run folder is left behind")
  }

  /// A dimension too large to allocate, or too large for the signature's integer n, is a usage error found while
  /// planning, before any vector of that size exists (it used to end the host with an allocation failure).
  func testHugeDimensionsAreRefusedBeforeAllocating() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let library = try library(in: work)
    let cases: [(String, String, String)] = [
      ("rosen_c64", "double(const double*, int64)", "--dim 1000000000000 is too large: at most 134217728 variables"),
      ("rosen_c32", "double(const double*, int32)", "--dim 2147483648 does not fit the signature's 32-bit integer n"),
      ("rosen_fn_", "double(double*, int32*)", "--dim 2147483648 does not fit the signature's 32-bit integer n"),
    ]
    for (symbol, signature, words) in cases {
      let dimension = words.contains("1000000000000") ? "1000000000000" : "2147483648"
      let output = try TestEnvironment.run(
        ["run", "gd", "--objective", "\(library):\(symbol)", "--signature", signature, "--dim", dimension], in: work)
      XCTAssertEqual(output.status, 2, "\(symbol): \(output.stderr)")
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.stderr.contains(words), "\(symbol): \(output.stderr)")
    }
    XCTAssertEqual(try FileSystem.contents(of: work), ["libobjectives.so"], "no run folder is left behind")
  }
}
