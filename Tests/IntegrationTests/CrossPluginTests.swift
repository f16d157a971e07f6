import CatalogueHost
import XCTest

/// Algorithms from one in-tree plugin on problems from another: what works runs, what cannot is refused with a
/// usage error before anything runs.
final class CrossPluginTests: XCTestCase {
  private var registry: PluginRegistry!

  override func setUpWithError() throws {
    let bin = TestEnvironment.binFolder
    for library in ["libBaselines.so", "libFlatMinima.so", "libRF2SA.so", "libLinconBilevel.so"] {
      guard FileSystem.kind(of: FileSystem.join(bin, library)) == .file else {
        throw XCTSkip("\(library) is not built in \(bin): run 'swift build' first")
      }
    }
    registry = PluginRegistry.load(
      from: PluginSearchPath(entries: [SearchPathEntry(path: bin, origin: .executableFolder)]))
  }

  private func run(_ algorithm: String, _ problem: String, _ parameters: [String] = [], maxIters: UInt64 = 20)
    throws -> (RunRecorder, RunEnd)
  {
    let (plan, _) = try RunPlanner.plan(
      RunRequest(algorithm: algorithm, problem: problem, parameters: parameters, seed: 1, maxIters: maxIters),
      registry: registry)
    let recorder = RunRecorder()
    return (recorder, try InProcessRunDriver().run(plan, sink: recorder))
  }

  /// Baselines' SAM and GD run on flat-minima's problems (plain objective problems from another plugin).
  func testBaselinesRunOnFlatMinimaProblems() throws {
    let (recorder, end) = try run("sam", "diagonal-network", ["step_size=1e-3"])
    XCTAssertEqual(end.termination, .maxIters, end.message)
    XCTAssertEqual(recorder.rows.count, 21)
    XCTAssertGreaterThan(end.counters.gradient, 0, "the host counts the foreign problem's oracle calls")
    XCTAssertEqual(try run("gd", "hyperbola", ["step_size=1e-3"]).1.termination, .maxIters)
  }

  /// RF²SA and RHGD need an unconstrained lower level: a linearly constrained problem is refused up front, with a
  /// usage error naming both sides; a problem of another kind is refused the same way.
  func testMismatchedProblemsAreRefusedBeforeAnythingRuns() throws {
    for algorithm in ["rf2sa", "rhgd"] {
      XCTAssertThrowsError(try run(algorithm, "lincon-toy")) { error in
        let error = error as? CatalogueError
        XCTAssertEqual(error?.exitCode, 2)
        XCTAssertTrue(error?.message.contains("unconstrained") == true, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("lincon-toy") == true, error?.message ?? "")
      }
    }
    XCTAssertThrowsError(try run("f2cba", "quadratic")) { error in
      XCTAssertEqual((error as? CatalogueError)?.exitCode, 2)
      XCTAssertTrue((error as? CatalogueError)?.message.contains("an objective problem") == true)
    }
  }

  /// Lincon's exact-hypergradient baseline runs on RF²SA's Euclidean bilevel problem (no constraints needed).
  func testLinconBaselineRunsOnAnotherPluginsBilevelProblem() throws {
    let (_, end) = try run("best-response", "bilevel-quadratic")
    XCTAssertNotEqual(end.termination, .failed, end.message)
  }
}
