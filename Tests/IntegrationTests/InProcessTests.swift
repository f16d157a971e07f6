import CatalogueHost
import Foundation
import XCTest

/// The host library used directly: plugins loaded into this test process and run with an in-memory recorder.
final class InProcessTests: XCTestCase {
  func registry(_ folders: [String], origin: SearchPathEntry.Origin = .commandLine) -> PluginRegistry {
    PluginRegistry.load(from: PluginSearchPath(entries: folders.map { SearchPathEntry(path: $0, origin: origin) }))
  }

  func run(_ registry: PluginRegistry, _ request: RunRequest) throws -> (RunRecorder, RunEnd) {
    let (plan, _) = try RunPlanner.plan(request, registry: registry)
    let recorder = RunRecorder()
    let end = try InProcessRunDriver().run(plan, sink: recorder)
    return (recorder, end)
  }

  func testCPluginRunsInProcessWithCountedOracles() throws {
    let fixtures = try fixtures()
    let registry = registry([fixtures.good])
    let (recorder, end) = try run(registry, RunRequest(algorithm: "cgd", parameters: ["rule=exact"], maxIters: 5))
    XCTAssertEqual(end.termination, .maxIters)
    XCTAssertEqual(end.iterations, 5)
    XCTAssertEqual(recorder.rows.map(\.iteration), [0, 1, 2, 3, 4, 5])
    XCTAssertEqual(recorder.rows.map(\.counters.gradient), [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(end.counters.hessianVector, 5)
    XCTAssertEqual(end.counters.value, 0, "value calls inside set_counting(0) are not counted")
    XCTAssertEqual(recorder.record.columns, ["f", "grad_norm"])
    XCTAssertEqual(recorder.record.start?.metricNames, ["distance"])
    XCTAssertEqual(recorder.record.scalars.map(\.0), ["f_final"])
    XCTAssertEqual(recorder.record.vectors.first?.1.count, 2)
    XCTAssertEqual(recorder.record.artifacts, ["final.txt"])
    // Exact line search on a 2-d quadratic: f falls monotonically.
    let values = recorder.rows.map { $0.values[0] }
    XCTAssertEqual(values, values.sorted(by: >))
  }

  func testSameSeedSameRowsDifferentSeedDifferentRows() throws {
    let fixtures = try fixtures()
    let registry = registry([fixtures.good])
    let request = RunRequest(algorithm: "cgd", parameters: ["noise=0.5", "batch=1"], seed: 3, maxIters: 20)
    let first = try run(registry, request).0.rows.map(\.values)
    let second = try run(registry, request).0.rows.map(\.values)
    var other = request
    other.seed = 4
    let third = try run(registry, other).0.rows.map(\.values)
    XCTAssertEqual(first, second)
    XCTAssertNotEqual(first, third)
  }

  func testTimeLimitStopsTheRun() throws {
    let fixtures = try fixtures()
    let registry = registry([fixtures.good])
    let (_, end) = try run(
      registry,
      RunRequest(
        algorithm: "cgd", parameters: ["normalized=true", "step_size=1e-12"], maxIters: .max, timeLimit: 0.2))
    XCTAssertEqual(end.termination, .timeLimit)
    XCTAssertGreaterThanOrEqual(end.wallTime, 0.2)
    XCTAssertLessThan(end.wallTime, 5)
  }

  func testUsageErrorsHappenBeforeAnyEvent() throws {
    let fixtures = try fixtures()
    let registry = registry([fixtures.good])
    let (plan, _) = try RunPlanner.plan(RunRequest(algorithm: "cmanifold"), registry: registry)
    let recorder = RunRecorder()
    XCTAssertThrowsError(try InProcessRunDriver().run(plan, sink: recorder)) { error in
      XCTAssertEqual((error as? CatalogueError)?.exitCode, 2)
    }
    XCTAssertNil(recorder.record.start)
  }

  func testLookupRules() throws {
    let fixtures = try fixtures()
    let registry = registry([fixtures.good, fixtures.newer])
    XCTAssertEqual(registry.plugins.count, 2)
    XCTAssertEqual(registry.activePlugins.map { "\($0.info.version)" }, ["1.2.0"])
    XCTAssertEqual("\(try registry.algorithm(EntryReference(parsing: "cgd")).plugin.info.version)", "1.2.0")
    XCTAssertEqual("\(try registry.algorithm(EntryReference(parsing: "cgd@1.0.0")).plugin.info.version)", "1.0.0")
    XCTAssertThrowsError(try registry.algorithm(EntryReference(parsing: "other.plugin/cgd")))
    let pinned = try registry.algorithm(EntryReference(parsing: "cgd@1.0.0"))
    let problem = try registry.problem(EntryReference(parsing: "quad2"), preferring: pinned.plugin)
    XCTAssertEqual("\(problem.plugin.info.version)", "1.0.0")
  }

  /// Every algorithm of every plugin built in-tree (the Baselines plugin and later ones), each on its default
  /// problem with a small budget, all loaded into this one process.
  func testEveryInTreeAlgorithmRunsOnItsDefaultProblem() throws {
    let bin = TestEnvironment.binFolder
    guard FileSystem.kind(of: FileSystem.join(bin, "libBaselines.so")) == .file else {
      throw XCTSkip("libBaselines.so is not built in \(bin): run 'swift build' first")
    }
    let registry = registry([bin], origin: .executableFolder)
    XCTAssertEqual(registry.failures, [], "in-tree plugins must all load")
    XCTAssertTrue(registry.plugins.contains { $0.info.id == "org.catalogue.baselines" })
    var ran = 0
    for plugin in registry.activePlugins {
      for algorithm in plugin.info.algorithms {
        let name = "\(plugin.info.id)/\(algorithm.id)"
        do {
          let (recorder, end) = try run(registry, RunRequest(algorithm: name, seed: 1, maxIters: 20))
          XCTAssertNotEqual(end.termination, .failed, "\(name): \(end.message)")
          XCTAssertNotEqual(end.termination, .diverged, "\(name): \(end.message)")
          XCTAssertGreaterThan(recorder.rows.count, 0, name)
          XCTAssertLessThanOrEqual(end.iterations, 20, name)
          for (metric, value) in recorder.record.finalMetrics {
            XCTAssertTrue(value.isFinite, "\(name): \(metric) = \(value)")
          }
          ran += 1
        } catch {
          XCTFail("\(name): \(error)")
        }
      }
    }
    XCTAssertGreaterThanOrEqual(ran, 6)
  }
}
