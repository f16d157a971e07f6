import CatalogueHost
import Foundation
import XCTest

/// trace.csv is unchanged by the host's own work on the row path: a run of the C fixture's `cgd` (stochastic
/// gradients, a sample-gradient counter, full-precision values) matches, byte for byte, the trace the host wrote
/// before trace rows were formatted straight into the file buffers (main at cbe9fe9, `catalogue run cgd --seed 5
/// -p noise=0.3 -p batch=1 --max-iters 40`), in a worker and in-process.
///
/// The values depend only on IEEE arithmetic, `sqrt` and the host's normal sampler (glibc's `log` and `cos`), so
/// the golden file holds on any x86_64 or aarch64 glibc machine.
final class TraceGoldenTests: XCTestCase {
  func testCGDTraceMatchesTheGoldenFileInAWorkerAndInProcess() throws {
    let fixtures = try fixtures()
    let work = TestEnvironment.temporaryFolder(self)
    let golden = try FileSystem.readText(
      FileSystem.join(
        TestEnvironment.repository, "Tests/IntegrationTests/Fixtures/golden/cgd-seed5-noise0.3-batch1.trace.csv"))
    let arguments = [
      "run", "cgd", "--plugin-path", fixtures.good, "--seed", "5", "-p", "noise=0.3", "-p", "batch=1",
      "--max-iters", "40",
    ]
    for (folder, extra) in [("worker", [String]()), ("here", ["--in-process"])] {
      let output = try TestEnvironment.run(arguments + ["--out", folder] + extra, in: work)
      XCTAssertEqual(output.status, 0, output.stderr)
      XCTAssertEqual(try FileSystem.readText(FileSystem.join(work, "\(folder)/trace.csv")), golden, folder)
    }
  }
}
