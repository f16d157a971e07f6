import CatalogueHost
import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `catalogue compare` through the built executable on the real baselines plugin: the same traces whatever
/// `--jobs` is, the same problem instance per seed for every algorithm, routed parameters, the table and the
/// files.
final class CompareTests: XCTestCase {
  func read(_ path: String) throws -> String { try FileSystem.readText(path) }

  override func setUpWithError() throws {
    guard FileSystem.kind(of: FileSystem.join(TestEnvironment.binFolder, "libBaselines.so")) == .file else {
      throw XCTSkip("libBaselines.so is not built: run 'swift build' first")
    }
  }

  /// Two baselines algorithms over three seeds, once with one worker and once with two: every run's trace is the
  /// same byte for byte, so parallelism changes nothing but the wall time.
  func testTracesDoNotDependOnJobs() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let common = [
      "compare", "gd,nesterov", "--problem", "quadratic", "--seeds", "3", "-p", "problem.dim=10", "--max-iters", "60",
    ]
    let serial = try TestEnvironment.run(common + ["--jobs", "1", "--out", "one"], in: work)
    XCTAssertEqual(serial.status, 0, serial.stderr)
    let parallel = try TestEnvironment.run(common + ["--jobs", "2", "--out", "two"], in: work)
    XCTAssertEqual(parallel.status, 0, parallel.stderr)
    for algorithm in ["gd", "nesterov"] {
      for seed in 0...2 {
        let name = "\(algorithm)-seed\(seed)"
        let first = try read(FileSystem.join(work, "one/\(name)/trace.csv"))
        XCTAssertEqual(first, try read(FileSystem.join(work, "two/\(name)/trace.csv")), name)
        XCTAssertEqual(first.split(separator: "\n").count, 62, "header and iterations 0...60 of \(name)")
        let result = try JSONValue.parse(try read(FileSystem.join(work, "one/\(name)/result.json")))
        XCTAssertEqual(result["seed"]?.uint64Value, UInt64(seed))
        XCTAssertEqual(result["environment"]?["OPENBLAS_NUM_THREADS"], .string("1"), "one BLAS thread per worker")
        XCTAssertEqual(result["problem"]?["parameters"]?["dim"], .integer(10))
      }
      // One seed is one instance: both algorithms start from the same f(x0).
      let startGD = try read(FileSystem.join(work, "one/gd-seed2/trace.csv")).split(separator: "\n")[1]
      let startNesterov = try read(FileSystem.join(work, "one/nesterov-seed2/trace.csv")).split(separator: "\n")[1]
      XCTAssertEqual(startGD.split(separator: ",")[1], startNesterov.split(separator: ",")[1])
    }
    XCTAssertNotEqual(
      try read(FileSystem.join(work, "one/gd-seed1/trace.csv")),
      try read(FileSystem.join(work, "one/gd-seed2/trace.csv")),
      "different seeds are different instances")

    let table = serial.stdout
    for text in [
      "gd, nesterov on quadratic", "seeds       0..2", "60 iterations", "mean ± standard deviation", "f_gap", " ± ",
      "n_grad", "time (median)", "max_iters ×3", "summary.csv", "f_gap-vs-iter.svg",
    ] {
      XCTAssertTrue(table.contains(text), "table lacks '\(text)':\n\(table)")
    }
    XCTAssertEqual(serial.stderr, "", "nothing on stderr when all runs end normally and stderr is not a terminal")

    // summary.csv agrees with the runs it summarises.
    let summary = try read(FileSystem.join(work, "one/summary.csv")).split(separator: "\n").map(String.init)
    XCTAssertEqual(summary.first, "algorithm,quantity,runs,mean,std,median,min,max")
    let gdGap = try XCTUnwrap(summary.first { $0.hasPrefix("gd,f_gap,3,") }).split(separator: ",")
    let finals = try (0...2).map { seed in
      try XCTUnwrap(
        JSONValue.parse(try read(FileSystem.join(work, "one/gd-seed\(seed)/result.json")))["final_metrics"]?["f_gap"]?
          .doubleValue)
    }
    XCTAssertEqual(Double(gdGap[3])!, finals.reduce(0, +) / 3, accuracy: 1e-12 * finals.max()!)
    XCTAssertEqual(Double(gdGap[6]), finals.min())
    XCTAssertEqual(Double(gdGap[7]), finals.max())
    let runs = try read(FileSystem.join(work, "one/runs.csv")).split(separator: "\n")
    XCTAssertEqual(runs.count, 1 + 6)

    // The overlay figure parses as XML and has one series per algorithm; its CSV ends at the runs' final values.
    let svg = try read(FileSystem.join(work, "one/f_gap-vs-iter.svg"))
    XCTAssertEqual(try SeriesLabels.of(svg), ["gd", "nesterov"])
    let plotted = try read(FileSystem.join(work, "one/f_gap-vs-iter.csv")).split(separator: "\n")
    let last = try XCTUnwrap(plotted.last { $0.hasPrefix("gd,60.0,") }).split(separator: ",")
    XCTAssertEqual(Double(last[4]), finals.max(), "the band's top at the last iteration is the worst seed")
    XCTAssertEqual(Double(last[3]), finals.min())
    XCTAssertNotNil(try? read(FileSystem.join(work, "one/f_gap-vs-oracle.svg")))
  }

  /// gd has step_size and Adam learning_rate: an unqualified -p goes to the algorithms that have it, a qualified
  /// one to its algorithm only; nothing runs when a -p matches nothing.
  func testParametersAreRoutedByAlgorithm() throws {
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      [
        "compare", "gd,adam", "--problem", "quadratic", "--seeds", "1", "--max-iters", "5", "-p", "step_size=0.5",
        "-p", "adam.learning_rate=0.01", "-p", "dim=4", "--out", "routed",
      ], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    let gd = try JSONValue.parse(try read(FileSystem.join(work, "routed/gd-seed0/result.json")))
    let adam = try JSONValue.parse(try read(FileSystem.join(work, "routed/adam-seed0/result.json")))
    XCTAssertEqual(gd["algorithm"]?["parameters"]?["step_size"], .double(0.5))
    XCTAssertEqual(adam["algorithm"]?["parameters"]?["learning_rate"], .double(0.01))
    XCTAssertEqual(gd["problem"]?["parameters"]?["dim"], .integer(4))
    XCTAssertEqual(adam["problem"]?["parameters"]?["dim"], .integer(4))
    XCTAssertTrue(output.stdout.contains("gd: step_size=0.5; adam: learning_rate=0.01"), output.stdout)

    for (arguments, message) in [
      (["-p", "nosuch=1"], "no compared algorithm nor the problem has a parameter 'nosuch'"),
      (["-p", "sam.rho=0.1"], "'sam' is not a compared algorithm (gd, adam)"),
      (["-p", "gd.learning_rate=0.1"], "gd has no parameter 'learning_rate'"),
      (["--seeds", "0"], "--seeds '0' is not a positive number of seeds"),
    ] {
      let refused = try TestEnvironment.run(
        ["compare", "gd,adam", "--problem", "quadratic", "--out", "refused"] + arguments, in: work)
      XCTAssertEqual(refused.status, 2, refused.stderr)
      XCTAssertTrue(refused.stderr.contains(message), "\(refused.stderr) lacks \(message)")
      XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "refused")), .missing, "nothing is written")
    }
  }

  /// A failing run makes compare exit 1 and name the run, while the others are still tabulated.
  func testAFailedRunIsReportedAndTheRestTabulated() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let output = try TestEnvironment.run(
      ["compare", "cgd,cfail", "--seeds", "1", "--max-iters", "5", "--plugin-path", fixtures.good, "--out", "mixed"],
      in: work)
    XCTAssertEqual(output.status, 1, output.stderr)
    XCTAssertTrue(output.stdout.contains("failed ×1"), output.stdout)
    XCTAssertTrue(output.stdout.contains("max_iters ×1"), output.stdout)
    XCTAssertTrue(output.stderr.contains("error: cfail seed 0: "), output.stderr)
    XCTAssertTrue(output.stderr.contains("deliberate failure"), output.stderr)
  }
}

/// The `data-label` of every `g class="series"` of an SVG, read with an XML parser (which also checks that the
/// document is well-formed).
enum SeriesLabels {
  struct NotXML: Error, CustomStringConvertible {
    var description: String
  }

  final class Collector: NSObject, XMLParserDelegate {
    var labels: [String] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == "g", attributes["class"] == "series", let label = attributes["data-label"] { labels.append(label) }
    }
  }

  static func of(_ svg: String) throws -> [String] {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    guard parser.parse() else { throw NotXML(description: "\(parser.parserError.map { "\($0)" } ?? "not XML")") }
    return collector.labels
  }
}

extension CompareTests {
  /// One algorithm twice under labels: each labelled member gets its own parameters and equals the plain run; the
  /// comparison's first seed is seed 0, so it equals `catalogue run` without --seed byte for byte.
  func testOneAlgorithmTwiceUnderLabels() throws {
    let work = TestEnvironment.temporaryFolder(self, "labels")
    let compare = try TestEnvironment.run(
      [
        "compare", "gd:slow,gd:fast", "--problem", "quadratic", "--seeds", "1", "--max-iters", "20",
        "-p", "slow.step_size=0.01", "-p", "fast.step_size=0.05", "--out", "cmp",
      ], in: work)
    XCTAssertEqual(compare.status, 0, compare.stderr)
    XCTAssertTrue(compare.stdout.contains("slow: step_size=0.01; fast: step_size=0.05"), compare.stdout)
    for (label, step) in [("slow", "0.01"), ("fast", "0.05")] {
      let single = try TestEnvironment.run(
        [
          "run", "gd", "--problem", "quadratic", "--max-iters", "20", "-p", "step_size=\(step)",
          "--out", "single-\(label)",
        ], in: work)
      XCTAssertEqual(single.status, 0, single.stderr)
      XCTAssertEqual(
        try FileSystem.readText(FileSystem.join(work, "cmp/\(label)-seed0/trace.csv")),
        try FileSystem.readText(FileSystem.join(work, "single-\(label)/trace.csv")), label)
    }
    let twice = try TestEnvironment.run(["compare", "gd,gd", "--problem", "quadratic", "--out", "no"], in: work)
    XCTAssertEqual(twice.status, 2)
    XCTAssertTrue(twice.stderr.contains("gd:a,gd:b -p a.KEY=VALUE"), twice.stderr)
    let badLabel = try TestEnvironment.run(["compare", "gd:Problem", "--out", "no"], in: work)
    XCTAssertEqual(badLabel.status, 2, badLabel.stderr)
  }
}
