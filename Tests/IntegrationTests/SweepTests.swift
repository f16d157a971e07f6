import CatalogueHost
import CatalogueLab
import Foundation
import XCTest

/// `catalogue sweep` end to end: the local backend with resume and `--collect`, and the Slurm backend against a
/// real single-node cluster (scripts/slurm-cluster.sh) — byte-identical traces, a crashed task named by index,
/// resubmission of only what is missing, and a cancelled sweep that stays resumable.
final class SweepTests: XCTestCase {
  /// 2 algorithms × 2 step sizes × 3 seeds = 12 runs on the quadratic.
  static let spec = """
    name = "twelve"
    algorithms = ["gd", "nesterov"]
    problems = ["quadratic"]
    seeds = "1..3"
    max_iters = 40
    [parameters]
    step_size = [0.02, 0.05]
    "problem.dim" = 6
    """

  func testLocalSweepResumesAndCollects() throws {
    let work = TestEnvironment.temporaryFolder(self, "sweep")
    try FileSystem.writeAtomically(Array(Self.spec.utf8), to: FileSystem.join(work, "s.toml"))
    let dry = try TestEnvironment.run(["sweep", "s.toml", "--dry-run"], in: work)
    XCTAssertEqual(dry.status, 0, dry.stderr)
    XCTAssertTrue(dry.stdout.hasPrefix("sweep twelve: 12 runs in 4 configurations × 3 seeds"), dry.stdout)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "runs")), .missing, "--dry-run wrote nothing")

    let first = try TestEnvironment.run(["sweep", "s.toml", "--jobs", "2"], in: work)
    XCTAssertEqual(first.status, 0, first.stderr)
    XCTAssertTrue(first.stderr.contains("12 of 12 runs to do"), first.stderr)
    XCTAssertTrue(first.stdout.contains("12 of 12 runs complete"), first.stdout)
    let folder = FileSystem.join(work, "runs/sweep-twelve")
    for name in ["summary.csv", "runs.csv", "sweep.json", "f_gap-vs-iter.svg"] {
      XCTAssertEqual(FileSystem.kind(of: FileSystem.join(folder, name)), .file, name)
    }
    let ids = try FileSystem.contents(of: FileSystem.join(folder, "runs")).sorted()
    XCTAssertEqual(ids.count, 12)

    let again = try TestEnvironment.run(["sweep", "s.toml"], in: work)
    XCTAssertEqual(again.status, 0, again.stderr)
    XCTAssertTrue(again.stderr.contains("0 of 12 runs to do (12 already complete)"), again.stderr)

    // One run lost, one killed half-way (no result.json): only those two are done again.
    let lost = FileSystem.join(folder, "runs/\(ids[0])")
    let killed = FileSystem.join(folder, "runs/\(ids[5])")
    let lostTrace = try FileSystem.readText(FileSystem.join(lost, "trace.csv"))
    FileSystem.removeTree(lost)
    unlink(FileSystem.join(killed, "result.json"))
    let partial = try TestEnvironment.run(["sweep", "--collect", "runs/sweep-twelve"], in: work)
    XCTAssertEqual(partial.status, 1)
    XCTAssertTrue(partial.stdout.contains("10 of 12 runs complete"), partial.stdout)
    XCTAssertTrue(partial.stderr.contains("missing  \(ids[0])"), partial.stderr)
    XCTAssertTrue(partial.stderr.contains("failed   \(ids[5])"), partial.stderr)

    let resumed = try TestEnvironment.run(["sweep", "s.toml"], in: work)
    XCTAssertEqual(resumed.status, 0, resumed.stderr)
    XCTAssertTrue(resumed.stderr.contains("2 of 12 runs to do (10 already complete)"), resumed.stderr)
    XCTAssertEqual(try FileSystem.readText(FileSystem.join(lost, "trace.csv")), lostTrace, "same id, same trace")
    XCTAssertEqual(try FileSystem.contents(of: FileSystem.join(folder, "attempts")), ["\(ids[5]).1"])
  }

  func testShardsPartitionThePlan() throws {
    let work = TestEnvironment.temporaryFolder(self, "shard")
    try FileSystem.writeAtomically(Array(Self.spec.utf8), to: FileSystem.join(work, "s.toml"))
    for shard in ["0/3", "1/3", "2/3"] {
      let output = try TestEnvironment.run(["sweep", "s.toml", "--shard", shard, "--jobs", "2"], in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
      XCTAssertTrue(output.stderr.contains("4 of 4 runs to do"), output.stderr)
    }
    let collected = try TestEnvironment.run(["sweep", "--collect", "runs/sweep-twelve"], in: work)
    XCTAssertEqual(collected.status, 0, collected.stderr)
    XCTAssertTrue(collected.stdout.contains("12 of 12 runs complete"))
  }

  func testBadSpecsFailBeforeAnythingRuns() throws {
    let work = TestEnvironment.temporaryFolder(self, "badsweep")
    let cases: [(String, String)] = [
      ("algorithms = [\"gd\"]\n[parameters]\nstep_size = [0.1, -1]", "step_size"),
      ("algorithms = [\"gd\"]\n[parameters]\nno_such = 1", "no_such"),
      ("algorithms = [\"no-such-algo\"]", "no-such-algo"),
      ("algorithms = [\"gd\"]\nseeds = \"1..\"", "seeds"),
      ("algorithms = [\"gd\"\n", "line 2"),
    ]
    for (text, expected) in cases {
      try FileSystem.writeAtomically(Array(text.utf8), to: FileSystem.join(work, "bad.toml"))
      let output = try TestEnvironment.run(["sweep", "bad.toml"], in: work)
      XCTAssertEqual(output.status, 2, "\(text): \(output.stderr)")
      XCTAssertEqual(output.errorLines.count, 1, output.stderr)
      XCTAssertTrue(output.errorLines.first?.contains(expected) ?? false, "\(text): \(output.stderr)")
      XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "runs")), .missing, text)
    }
  }
}

/// The Slurm backend against a real single-node cluster started for these tests.
final class SlurmSweepTests: XCTestCase {
  nonisolated(unsafe) static var clusterFolder: String?
  nonisolated(unsafe) static var slurmConf: String?
  nonisolated(unsafe) static var unavailable: String?

  override class func setUp() {
    let script = FileSystem.join(TestEnvironment.repository, "scripts/slurm-cluster.sh")
    guard getuid() == 0 else {
      unavailable = "the test cluster runs its daemons as root"
      return
    }
    guard TestEnvironment.program("slurmctld") != nil, TestEnvironment.program("munged") != nil else {
      unavailable = "slurm-wlm and munge are not installed (scripts/setup.sh --tests installs them)"
      return
    }
    let folder = FileSystem.join(NSTemporaryDirectory(), "catalogue-slurm-\(getpid())")
    guard let output = try? TestEnvironment.execute("/bin/bash", [script, "start", folder], in: "/"),
      output.status == 0, let line = output.stdout.split(separator: "\n").last, line.hasPrefix("export SLURM_CONF=")
    else {
      unavailable = "the test cluster did not start"
      return
    }
    clusterFolder = folder
    slurmConf = String(line.dropFirst("export SLURM_CONF=".count))
  }

  override class func tearDown() {
    guard let folder = clusterFolder else { return }
    let script = FileSystem.join(TestEnvironment.repository, "scripts/slurm-cluster.sh")
    _ = try? TestEnvironment.execute("/bin/bash", [script, "stop", folder], in: "/")
    FileSystem.removeTree(folder)
  }

  private func environment() throws -> [String: String] {
    if let unavailable = Self.unavailable { throw XCTSkip(unavailable) }
    return ["SLURM_CONF": Self.slurmConf!]
  }

  func testSlurmTracesAreByteIdenticalToLocal() throws {
    let environment = try environment()
    let work = TestEnvironment.temporaryFolder(self, "slurm")
    try FileSystem.writeAtomically(Array(SweepTests.spec.utf8), to: FileSystem.join(work, "s.toml"))
    let local = try TestEnvironment.run(["sweep", "s.toml", "--out", "local"], in: work)
    XCTAssertEqual(local.status, 0, local.stderr)
    let slurm = try TestEnvironment.run(
      ["sweep", "s.toml", "--out", "slurm", "--backend", "slurm", "--submit", "--concurrency", "2"], in: work,
      environment: environment)
    XCTAssertEqual(slurm.status, 0, slurm.stderr)
    XCTAssertTrue(slurm.stdout.contains("12 of 12 runs complete"), slurm.stdout)
    let ids = try FileSystem.contents(of: FileSystem.join(work, "local/runs")).sorted()
    XCTAssertEqual(ids, try FileSystem.contents(of: FileSystem.join(work, "slurm/runs")).sorted())
    XCTAssertEqual(ids.count, 12)
    for id in ids {
      XCTAssertEqual(
        try FileSystem.readText(FileSystem.join(work, "local/runs/\(id)/trace.csv")),
        try FileSystem.readText(FileSystem.join(work, "slurm/runs/\(id)/trace.csv")), id)
    }
    let script = try FileSystem.readText(FileSystem.join(work, "slurm/slurm/1/sweep.sbatch"))
    XCTAssertTrue(script.contains("#SBATCH --array=0-11%2"), script)
  }

  func testCrashedTaskIsNamedAndOnlyFailedRunsAreResubmitted() throws {
    let environment = try environment()
    let fixtures = try TestEnvironment.fixtures.get()
    let work = TestEnvironment.temporaryFolder(self, "slurmcrash")
    let spec = """
      name = "crashy"
      algorithms = ["gd", "crash-segv"]
      seeds = "1..2"
      max_iters = 150
      """
    try FileSystem.writeAtomically(Array(spec.utf8), to: FileSystem.join(work, "c.toml"))
    let arguments = ["sweep", "c.toml", "--backend", "slurm", "--submit", "--plugin-path", fixtures.crash]
    let first = try TestEnvironment.run(arguments, in: work, environment: environment)
    XCTAssertEqual(first.status, 1, first.stderr)
    XCTAssertTrue(first.stdout.contains("2 of 4 runs complete"), first.stdout)
    // Tasks 2 and 3 are crash-segv's seeds 1 and 2 (plan order: algorithm, then seed).
    for (task, seed) in [(2, 1), (3, 2)] {
      XCTAssertTrue(
        first.errorLines.contains { $0.contains("task \(task) (crash-segv seed \(seed)") && $0.contains("FAILED") },
        first.stderr)
    }
    let second = try TestEnvironment.run(arguments, in: work, environment: environment)
    XCTAssertEqual(second.status, 1, second.stderr)
    XCTAssertTrue(second.stderr.contains("2 of 4 runs to do (2 already complete)"), second.stderr)
    let tasks = try SlurmTaskList(contentsOf: FileSystem.join(work, "runs/sweep-crashy/slurm/2/tasks.json"))
    XCTAssertEqual(tasks.runs, [2, 3], "only the failed runs are resubmitted")
  }

  func testCancelledSweepKeepsCompletedRunsResumable() throws {
    let environment = try environment()
    let fixtures = try TestEnvironment.fixtures.get()
    let work = TestEnvironment.temporaryFolder(self, "slurmcancel")
    let spec = """
      name = "stuck"
      algorithms = ["gd", "crash-hang"]
      seeds = "1..2"
      max_iters = 50
      """
    try FileSystem.writeAtomically(Array(spec.utf8), to: FileSystem.join(work, "h.toml"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestEnvironment.catalogue)
    process.arguments = ["sweep", "h.toml", "--backend", "slurm", "--submit", "--plugin-path", fixtures.crash]
    process.currentDirectoryURL = URL(fileURLWithPath: work)
    var variables = ProcessInfo.processInfo.environment
    variables["XDG_CACHE_HOME"] = TestEnvironment.cacheFolder(for: work)
    variables["XDG_DATA_HOME"] = FileSystem.join(work, ".xdg")
    for (key, value) in environment { variables[key] = value }
    process.environment = variables
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for gd's two runs, then cancel the array while crash-hang's tasks spin.
    let runs = FileSystem.join(work, "runs/sweep-stuck/runs")
    let deadline = Date().addingTimeInterval(60)
    func completeCount() -> Int {
      ((try? FileSystem.contents(of: runs)) ?? []).filter {
        SweepRunState(folder: FileSystem.join(runs, $0)).isComplete
      }.count
    }
    while completeCount() < 2 && Date() < deadline { usleep(200_000) }
    XCTAssertEqual(completeCount(), 2)
    let cancel = try TestEnvironment.execute(
      TestEnvironment.program("scancel")!, ["--name=catalogue-stuck"], in: work, environment: variables)
    XCTAssertEqual(cancel.status, 0, cancel.stderr)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 1)
    XCTAssertEqual(completeCount(), 2, "cancelling leaves completed runs intact")
    let dry = try TestEnvironment.run(
      ["sweep", "h.toml", "--dry-run", "--plugin-path", fixtures.crash], in: work, environment: environment)
    XCTAssertEqual(dry.status, 0, dry.stderr)
    XCTAssertTrue(dry.stdout.contains("(2 already complete)"), dry.stdout)
    XCTAssertEqual(dry.stdout.split(separator: "\n").filter { $0.hasSuffix("complete") }.count, 2, dry.stdout)
  }

  func testCompareAndReproduceRunOnSlurmWithTheSameResults() throws {
    let environment = try environment()
    let work = TestEnvironment.temporaryFolder(self, "slurmcompare")
    let compare = ["compare", "gd,nesterov", "--problem", "quadratic", "--seeds", "2", "--max-iters", "30"]
    let local = try TestEnvironment.run(compare + ["--out", "local"], in: work)
    XCTAssertEqual(local.status, 0, local.stderr)
    let slurm = try TestEnvironment.run(
      compare + ["--out", "slurm", "--backend", "slurm"], in: work, environment: environment)
    XCTAssertEqual(slurm.status, 0, slurm.stderr)
    for name in ["gd-seed0", "gd-seed1", "nesterov-seed0", "nesterov-seed1"] {
      XCTAssertEqual(
        try FileSystem.readText(FileSystem.join(work, "local/\(name)/trace.csv")),
        try FileSystem.readText(FileSystem.join(work, "slurm/\(name)/trace.csv")), name)
    }
    func withoutTimes(_ path: String) throws -> [Substring] {
      try FileSystem.readText(FileSystem.join(work, path)).split(separator: "\n").filter { !$0.contains("time") }
    }
    XCTAssertEqual(try withoutTimes("local/summary.csv"), try withoutTimes("slurm/summary.csv"))

    let reproduce = try TestEnvironment.run(
      ["reproduce", "baselines-quadratic", "--quick", "--out", "experiment", "--backend", "slurm"], in: work,
      environment: environment)
    XCTAssertEqual(reproduce.status, 0, reproduce.stderr)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "experiment/report.md")), .file)
    XCTAssertEqual(FileSystem.kind(of: FileSystem.join(work, "experiment/slurm/1/sweep.sbatch")), .file)
  }
}
