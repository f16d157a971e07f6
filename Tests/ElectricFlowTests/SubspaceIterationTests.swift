import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import SeededRandom
import XCTest

@testable import ElectricFlow

/// The eigenvector target: the ± loss, subspace iteration against LAPACK's eigenvectors, and the subspace-iteration
/// construction against subspace iteration done directly.
final class SubspaceIterationTests: XCTestCase {
  private func loss(_ output: [Double], _ vectors: [Double], n: Int) -> Double {
    output.withUnsafeBufferPointer { o in
      vectors.withUnsafeBufferPointer {
        EigenvectorLoss.graphLoss(o, $0, nodes: n, columns: EigenvectorLoss.scoredColumns(nodes: n))
      }
    }
  }

  func testEigenvectorLossIgnoresSignScaleAndTheConstantColumn() throws {
    let batch = try GraphProblemTests.batch(GraphProblems.csl, count: 1)
    let n = batch.nodes
    let q = batch.eigenvectorMatrix(0)
    XCTAssertEqual(EigenvectorLoss.scoredColumns(nodes: n), 1..<n)
    // Columns flipped and rescaled, column 0 replaced: still exact.
    var output = q.elements
    for j in 0..<n {
      for a in 0..<n { output[a + j * n] *= j == 0 ? 0.5 + Double(a) : (j % 2 == 0 ? -3.0 : 0.25) }
    }
    XCTAssertEqual(loss(output, q.elements, n: n), 0, accuracy: 1e-28)
    // Column 3 rotated by θ towards column 4 (flipped): ‖u − v‖² = 2 − 2cos θ for that column alone, whichever sign.
    let theta = 0.3
    var rotated = q.elements
    for a in 0..<n { rotated[a + 3 * n] = -(cos(theta) * q[a, 3] + sin(theta) * q[a, 4]) }
    XCTAssertEqual(loss(rotated, q.elements, n: n), 2 - 2 * cos(theta), accuracy: 1e-14)
    // An orthogonal guess scores 2 per column.
    var swapped = q.elements
    for a in 0..<n { (swapped[a + n], swapped[a + 2 * n]) = (q[a, 2], q[a, 1]) }
    XCTAssertEqual(loss(swapped, q.elements, n: n), 4, accuracy: 1e-13)
  }

  func testDirectSubspaceIterationFindsLAPACKEigenvectors() throws {
    let batch = try GraphProblemTests.batch(GraphProblems.csl, count: 3)
    let n = batch.nodes
    var rng = CatalogueRandom(seed: 3)
    for g in 0..<batch.count {
      let lambda = Array(batch.eigenvalues[(g * n)..<((g + 1) * n)])
      let trace = lambda.reduce(0, +)
      let shift = 1.1 * lambda[n - 1] / trace
      let m = shift * Matrix.identity(n) - batch.laplacian(g) / trace
      // μ_j = c − λ_j/tr descend; column j converges like max(μ_{j+1}/μ_j, μ_j/μ_{j−1})^t, the angle's square twice
      // as fast: iterate until the slowest ratio has fallen below 1e-7.
      let mu = lambda.map { shift - $0 / trace }
      let slowest = (1..<n).map { mu[$0] / mu[$0 - 1] }.max()!
      let iterations = Int((log(1e-7) / log(slowest)).rounded(.up))
      var q = try QR(Matrix(rows: n, cols: n, elements: rng.normals(n * n))).q
      for _ in 0..<iterations { q = try LaplacianIterations.subspaceIterationStep(m, q) }
      XCTAssertLessThan(loss(q.elements, batch.eigenvectorMatrix(g).elements, n: n), 1e-10, "graph \(g)")
    }
  }

  private func construct(_ parameters: [String: ParameterValues.Value]) throws -> RunRecord {
    try RecordingHost.run(
      ConstructedTransformer.algorithm, on: GraphProblems.csl, seed: 6,
      parameters: ["construction": .string("subspace-iteration"), "graphs": .int(8), "layers": .int(30)]
        .merging(parameters) { $1 },
      problemParameters: ["n": .int(6), "skips": .string("2")])
  }

  func testSubspaceConstructionIsSubspaceIteration() throws {
    let record = try construct([:])
    XCTAssertEqual(record.rows.count, 31)
    XCTAssertEqual(
      record.columns, ["eigenvector_loss", "ln_loss", "ln_loss_closed_form", "relative_difference"])
    XCTAssertLessThan(try XCTUnwrap(record.results["max_relative_difference"]), 1e-12)
    let ln = record.column("ln_loss")
    let direct = record.column("ln_loss_closed_form")
    for (a, b) in zip(ln, direct) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    // It converges: the ± loss falls by an order of magnitude over 30 iterations on these small graphs.
    let losses = record.column("eigenvector_loss")
    XCTAssertLessThan(losses.last!, 0.1 * losses.first!)
    // Same seed, same trace.
    XCTAssertEqual(try construct([:]).rows, record.rows)
  }

  func testSubspaceConstructionRefusesNormaliseFlag() {
    XCTAssertThrowsError(try construct(["normalise": .bool(true)])) {
      XCTAssert("\($0)".contains("normalise"), "\($0)")
    }
  }
}
