import CatalogueHost
import Foundation
import XCTest

/// `catalogue plot` on run folders written by `catalogue run`, and on hand-made sampler folders with a
/// `samples.csv` artifact and a reference density.
final class PlotTests: XCTestCase {
  func read(_ path: String) throws -> String { try FileSystem.readText(path) }

  func testPlotDrawsOneLinePerConfigurationWithItsCSV() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    for (seed, step) in [(1, "0.05"), (2, "0.05"), (1, "0.1")] {
      let output = try TestEnvironment.run(
        [
          "run", "cgd", "--plugin-path", fixtures.good, "--seed", "\(seed)", "-p", "step_size=\(step)", "--max-iters",
          "25", "--out", "runs/s\(step)-\(seed)",
        ], in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
    }
    let output = try TestEnvironment.run(
      [
        "plot", "runs/s0.05-1", "runs/s0.05-2", "runs/s0.1-1", "--out", "figures", "--metric", "f", "--metric",
        "grad_norm",
      ], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    XCTAssertTrue(output.stdout.contains("3 in 2 series"), output.stdout)
    for metric in ["f", "grad_norm"] {
      for axis in ["iter", "oracle", "time"] {
        let svg = try read(FileSystem.join(work, "figures/\(metric)-vs-\(axis).svg"))
        // Two step sizes of one algorithm: the labels say which is which.
        XCTAssertEqual(try SeriesLabels.of(svg), ["cgd (step_size=0.05)", "cgd (step_size=0.1)"], "\(metric) \(axis)")
        let csv = try read(FileSystem.join(work, "figures/\(metric)-vs-\(axis).csv")).split(separator: "\n")
        XCTAssertEqual(csv.first, "series,x,median,low,high,seeds")
        XCTAssertTrue(csv.contains { $0.hasPrefix("cgd (step_size=0.1),") })
      }
    }
    // The iteration figure's last row is the final f of the two seeds: median between, band at both.
    let finals = try ["s0.05-1", "s0.05-2"].map { name in
      try XCTUnwrap(
        JSONValue.parse(try read(FileSystem.join(work, "runs/\(name)/result.json")))["final_metrics"]?["f"]?
          .doubleValue)
    }
    let last = try read(FileSystem.join(work, "figures/f-vs-iter.csv")).split(separator: "\n")
      .last { $0.hasPrefix("cgd (step_size=0.05),25.0,") }
    let fields = try XCTUnwrap(last).split(separator: ",")
    XCTAssertEqual(Double(fields[2])!, (finals[0] + finals[1]) / 2, accuracy: 1e-15)
    XCTAssertEqual(Double(fields[3]), finals.min())
    XCTAssertEqual(Double(fields[4]), finals.max())
    XCTAssertEqual(fields[5], "2")

    let bad = try TestEnvironment.run(["plot", "figures"], in: work)
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.stderr.contains("holds no run"), bad.stderr)
    let unknown = try TestEnvironment.run(["plot", "runs/s0.1-1", "--metric", "nosuch"], in: work)
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("no run traces 'nosuch' (columns: f, grad_norm)"), unknown.stderr)
  }

  /// The sampler data contract: `samples.csv` (one column per statistic) and `samples_reference.csv` (`x` and
  /// `x_density`) give a histogram against the reference density, samples pooled over seeds.
  func testSamplerRunsGetHistogramsAgainstTheirReferenceDensity() throws {
    let work = TestEnvironment.temporaryFolder(self)
    var state: UInt64 = 7
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (Double(state >> 11) + 0.5) * 0x1p-53
    }
    for seed in 1...2 {
      let folder = FileSystem.join(work, "sampler-seed\(seed)")
      try FileSystem.makeDirectories(folder)
      let plugin = #"{"id": "org.example", "version": "1.0.0", "file": "/x/libexample.so"}"#
      let result = """
        {"format_version": 1, "catalogue_version": "0.1.0", "abi_version": "1.0",
         "algorithm": {"id": "langevin", "parameters": {}, "plugin": \(plugin)},
         "problem": {"id": "gauss", "kind": "sampling", "parameters": {}, "plugin": \(plugin), "reference_values": {}},
         "seed": \(seed), "stopping": {"max_iters": 3}, "iterations": 3, "trace_rows": 3, "wall_time_s": 0.01,
         "termination": {"reason": "completed", "message": ""}, "final_metrics": {"mean_x": 0.0},
         "result_vectors": {}, "trace_columns": [], "oracle_counts": {}, "run_folder": "\(folder)",
         "command_line": [], "started_utc": "", "hostname": "", "environment": {},
         "artifacts": ["samples.csv", "samples_reference.csv"]}
        """
      try FileSystem.writeAtomically(Array(result.utf8), to: FileSystem.join(folder, "result.json"))
      let trace =
        "iter,mean_x,n_value,n_grad,n_sample_grad,n_hvp,n_inner\n1,0.5,0,1,0,0,0\n2,0.2,0,2,0,0,0\n"
        + "3,0.1,0,3,0,0,0\n"
      try FileSystem.writeAtomically(Array(trace.utf8), to: FileSystem.join(folder, "trace.csv"))
      var samples = "x,r2\n"
      for _ in 0..<1500 {
        let x = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
        samples += "\(x),\(x * x)\n"
      }
      try FileSystem.writeAtomically(Array(samples.utf8), to: FileSystem.join(folder, "samples.csv"))
      var reference = "x,x_density\n"
      for step in -40...40 {
        let x = Double(step) / 10
        reference += "\(x),\(exp(-x * x / 2) / (2 * .pi).squareRoot())\n"
      }
      try FileSystem.writeAtomically(Array(reference.utf8), to: FileSystem.join(folder, "samples_reference.csv"))
    }
    let output = try TestEnvironment.run(
      ["plot", "sampler-seed1", "sampler-seed2", "--x", "iter", "--out", "figures"], in: work)
    XCTAssertEqual(output.status, 0, output.stderr)
    let histogram = try read(FileSystem.join(work, "figures/x-histogram.svg"))
    XCTAssertEqual(try SeriesLabels.of(histogram), ["langevin", "reference density"])
    XCTAssertTrue(histogram.contains("langevin (3000 samples)"), "samples of both seeds are pooled")
    XCTAssertEqual(try SeriesLabels.of(try read(FileSystem.join(work, "figures/r2-histogram.svg"))), ["langevin"])
    // The histogram's densities integrate to the fraction of samples in the drawn range.
    let rows = try read(FileSystem.join(work, "figures/x-histogram.csv")).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",") }.filter { $0[0] == "langevin" }
    let mass = rows.reduce(0) { $0 + (Double($1[2])! - Double($1[1])!) * Double($1[3])! }
    XCTAssertEqual(mass, 1, accuracy: 0.01)
    XCTAssertNotNil(try? read(FileSystem.join(work, "figures/mean_x-vs-iter.svg")))
  }
}
