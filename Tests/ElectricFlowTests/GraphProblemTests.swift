import CatalogueSDK
import CatalogueSDKTesting
import Glibc
import LinearAlgebra
import SeededRandom
import XCTest

@testable import ElectricFlow

/// The graph problems and the exact targets: Laplacians from incidence matrices, pseudo-inverse, its square root
/// and the heat kernel, each against an independent formula.
final class GraphProblemTests: XCTestCase {
  /// A batch of `count` graphs from `family` with seed 5.
  static func batch(
    _ family: ProblemFamily, count: Int, _ overrides: [String: ParameterValues.Value] = [:],
    demands: ((Int) -> [Double])? = nil, centred: Bool = true
  ) throws -> GraphBatch {
    let sampler = try RecordingHost.makeInstance(family, seed: 5, overrides).graphs()
    var rng = CatalogueRandom(seed: 5, stream: 9)
    guard let demands else { return try GraphBatch.draw(count, from: sampler, centred: centred, rng: &rng) }
    let samples = try (0..<count).map { _ in try sampler.sample(rng: &rng) }
    return try GraphBatch(
      samples: samples, nodes: sampler.nodeCount, demands: (0..<count).flatMap { demands($0) })
  }

  /// The centring projector I − 11ᵀ/n, column-major (used as demands to read off f(L) as a matrix).
  static func projector(_ n: Int) -> [Double] {
    (0..<(n * n)).map { ($0 % n == $0 / n ? 1 : 0) - 1 / Double(n) }
  }

  func testIncidenceGivesLaplacianWithZeroRowSums() throws {
    for family in [GraphProblems.csl, GraphProblems.complete] {
      let sampler = try RecordingHost.makeInstance(family, seed: 2).graphs()
      var rng = CatalogueRandom(seed: 2, stream: 3)
      let n = sampler.nodeCount
      for _ in 0..<5 {
        let g = try sampler.sample(rng: &rng)
        XCTAssertEqual(g.edgeCount, family.id == GraphProblems.cslID ? 2 * n : n * (n - 1) / 2)
        let b = Matrix(rows: n, cols: g.edgeCount, elements: g.incidence)
        for e in 0..<g.edgeCount {
          let column = b.column(e)
          XCTAssertEqual(column.filter { $0 == 1 }.count, 1)
          XCTAssertEqual(column.filter { $0 == -1 }.count, 1)
          XCTAssertEqual(column.filter { $0 == 0 }.count, n - 2)
          let w = 1 / g.resistances[e].squareRoot()
          XCTAssert(w >= exp(-1.0) && w <= exp(1.0), "weight \(w) outside exp([−1, 1])")
        }
        // L = U·diag(1/r)·Uᵀ (unit incidence U, conductance 1/r = w²) equals B·Bᵀ of the weighted incidence.
        let conductance = Matrix.diagonal(g.resistances.map { 1 / $0 })
        let l = Matrix.product(Matrix.product(b, conductance), b, transposeB: true)
        let batch = try GraphBatch(samples: [g], nodes: n, demands: [Double](repeating: 0, count: n * n))
        let lb = batch.laplacian(0)
        for i in 0..<n {
          XCTAssertEqual((0..<n).reduce(0) { $0 + l[i, $1] }, 0, accuracy: 1e-12)
          for j in 0..<n { XCTAssertEqual(l[i, j], lb[i, j], accuracy: 1e-12) }
        }
        XCTAssertEqual(batch.eigenvalues[0], 0, accuracy: 1e-12)
      }
    }
  }

  func testDefaultStatisticsAreTheSpecs() throws {
    let batch = try Self.batch(GraphProblems.csl, count: 400)
    let n = batch.nodes
    let lambdaMax = (0..<batch.count).reduce(0) { $0 + batch.eigenvalues[$1 * n + n - 1] } / 400
    // Spec §5.2: CSL mean λ_max 19.69 (sd of one graph's λ_max ≈ 3, so ±0.6 is > 3 standard errors).
    XCTAssertEqual(lambdaMax, 19.69, accuracy: 0.6)
  }

  func testPseudoInverseAndItsSquareRootAgainstClosedForms() throws {
    let n = 10
    let batch = try Self.batch(GraphProblems.csl, count: 4, demands: { _ in Self.projector(n) })
    let j = Matrix(rows: n, cols: n, repeating: 1 / Double(n))
    let electric = batch.targets(.electric)
    let resistive = batch.targets(.resistive)
    let heat = batch.targets(.heat(time: 0.5))
    for g in 0..<batch.count {
      let l = batch.laplacian(g)
      // L^† = (L + 11ᵀ/n)⁻¹ − 11ᵀ/n for a connected graph.
      let pinv = try (l + j).solve(Matrix.identity(n)) - j
      let e = Matrix(rows: n, cols: n, elements: Array(electric[(g * n * n)..<((g + 1) * n * n)]))
      let r = Matrix(rows: n, cols: n, elements: Array(resistive[(g * n * n)..<((g + 1) * n * n)]))
      let h = Matrix(rows: n, cols: n, elements: Array(heat[(g * n * n)..<((g + 1) * n * n)]))
      let heatClosed = try (-0.5 * l).exponential() - j
      let lpl = Matrix.product(Matrix.product(l, e), l)
      for a in 0..<n {
        for b in 0..<n {
          XCTAssertEqual(e[a, b], pinv[a, b], accuracy: 1e-10)
          XCTAssertEqual(lpl[a, b], l[a, b], accuracy: 1e-10)
          XCTAssertEqual(Matrix.product(r, r)[a, b], pinv[a, b], accuracy: 1e-10)
          XCTAssertEqual(r[a, b], r[b, a], accuracy: 1e-12)
          XCTAssertEqual(h[a, b], heatClosed[a, b], accuracy: 1e-10)
        }
      }
    }
  }

  func testSpectralReferencesEqualTheMatrixIterations() throws {
    let batch = try Self.batch(GraphProblems.csl, count: 6)
    let filter = SpectralFilterLoss(batch)
    let n = batch.nodes
    let targets = batch.targets(.electric)
    for (steps, eta) in [(1, 0.03), (5, 0.08), (9, 0.05)] {
      let spectral = filter.losses(
        target: .electric, filter: SpectralFilterLoss.gradientDescent(steps: steps, eta: eta))
      let squaring = filter.losses(
        target: .electric, filter: SpectralFilterLoss.repeatedSquaring(factors: min(steps, 4), eta: eta))
      for g in 0..<batch.count {
        let t = Array(targets[(g * n * n)..<((g + 1) * n * n)])
        func loss(_ m: Matrix) -> Double {
          m.elements.withUnsafeBufferPointer { o in t.withUnsafeBufferPointer { ScaleInvariantLoss.graphLoss(o, $0) } }
        }
        let gd = LaplacianIterations.gradientDescent(batch.laplacian(g), batch.demandMatrix(g), eta: eta, steps: steps)
        XCTAssertEqual(spectral[g], loss(gd), accuracy: 1e-10 * max(1, loss(gd)))
        let rs = LaplacianIterations.repeatedSquaring(
          batch.laplacian(g), batch.demandMatrix(g), eta: eta, factors: min(steps, 4))
        XCTAssertEqual(squaring[g], loss(rs), accuracy: 1e-10)
      }
    }
  }

  func testBadSkipsAreRefused() {
    XCTAssertThrowsError(try RecordingHost.makeInstance(GraphProblems.csl, seed: 1, ["skips": .string("2,x")]))
    XCTAssertThrowsError(try RecordingHost.makeInstance(GraphProblems.csl, seed: 1, ["skips": .string("9")]))
  }
}
