import CatalogueSDK
import CatalogueSDKTesting
import Manifolds
import SeededRandom
import XCTest

@testable import RiemannianLangevin

/// A Gaussian h(x) = Σ aᵢxᵢ²/2 on ℝ³, with or without the Euclidean geometry table; every chain starts at the
/// same fixed point so the test can replay the samplers' random stream by hand.
private struct EuclideanGaussian: SamplingProblem {
  let a: [Double] = [1, 2, 3]
  let table: (any Geometry)?
  var dimension: Int { 3 }
  var geometry: (any Geometry)? { table }
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] { [1, -1, 0.5 + Double(chain)] }
  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    (0..<3).reduce(0) { $0 + a[$1] * x[$1] * x[$1] / 2 }
  }
  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    (try potential(x, samples: samples), (0..<3).map { a[$0] * x[$0] })
  }
}

final class SamplerTests: XCTestCase {
  private func instance(_ problem: any SamplingProblem, _ references: SamplingReferences? = nil) -> ProblemInstance {
    ProblemInstance(.sampling(problem), references: references?.entries ?? [])
  }

  /// Spec common-manifolds-numerics.md §2.1: GLMC (both forms), its retraction variant and the embedded baseline
  /// on ℝⁿ are unadjusted Langevin, x⁺ = x − δ∇h(x) + √(2δ) z, iterate for iterate.
  func testEuclideanGLMCIsUnadjustedLangevin() throws {
    let delta = 0.05
    let steps = 25
    let chains = 3
    var rng = CatalogueRandom(seed: 5, stream: CatalogueRandom.algorithmStream)
    let problem = EuclideanGaussian(table: nil)
    var states = (0..<chains).map { c in [1, -1, 0.5 + Double(c)] }
    for _ in 0..<steps {
      for c in 0..<chains {
        let g = try problem.potentialGradient(states[c], samples: nil).gradient
        let z = rng.normals(3)
        states[c] = (0..<3).map { states[c][$0] + (-delta * g[$0] + (2 * delta).squareRoot() * z[$0]) }
      }
    }
    for table in [nil, try Euclidean(3) as any Geometry] {
      for algorithm in LangevinAlgorithms.all where algorithm.id != "sg-glmc" {
        let record = try RecordingHost.run(
          algorithm, on: instance(EuclideanGaussian(table: table)), seed: 5, budget: steps,
          parameters: ["step": .real(delta), "chains": .int(chains), "samples": .int(0)])
        XCTAssertEqual(record.rows.count, steps)
        XCTAssertEqual(record.vectors["x"], states[0], "\(algorithm.id) on \(table?.name ?? "nil geometry")")
      }
    }
  }

  /// Same seed, byte-identical trace and artifacts; another seed, a different trace.
  func testSameSeedSameTrace() throws {
    let parameters: [String: ParameterValues.Value] = ["chains": .int(50), "burn_in": .int(10)]
    for algorithm in [LangevinAlgorithms.glmc, LangevinAlgorithms.sgGLMC] {
      let family = algorithm.id == "sg-glmc" ? SamplingFamilies.finiteSumVonMisesFisher : SamplingFamilies.watson
      let first = try RecordingHost.run(algorithm, on: family, seed: 3, budget: 30, parameters: parameters)
      let second = try RecordingHost.run(algorithm, on: family, seed: 3, budget: 30, parameters: parameters)
      let other = try RecordingHost.run(algorithm, on: family, seed: 4, budget: 30, parameters: parameters)
      XCTAssertEqual(first.rows, second.rows)
      XCTAssertEqual(first.artifacts, second.artifacts)
      XCTAssertNotEqual(first.rows, other.rows)
    }
  }

  /// Bad input names the input and the fix.
  func testBadInputIsRefusedWithAClearMessage() throws {
    XCTAssertThrowsError(
      try RecordingHost.run(LangevinAlgorithms.sgGLMC, on: SamplingFamilies.watson, budget: 2)
    ) { XCTAssertTrue("\($0)".contains("finite-sum"), "\($0)") }
    XCTAssertThrowsError(
      try RecordingHost.run(
        LangevinAlgorithms.sgGLMC, on: SamplingFamilies.finiteSumVonMisesFisher, budget: 2,
        parameters: ["batch": .int(500)])
    ) { XCTAssertTrue("\($0)".contains("batch"), "\($0)") }
    let thirdParty = instance(try VonMisesFisherOnTestSphere(kappa: 5))
    XCTAssertThrowsError(try RecordingHost.run(LangevinAlgorithms.ulaProject, on: thirdParty, budget: 2)) {
      XCTAssertTrue("\($0)".contains("glmc"), "\($0)")
    }
  }

  /// The embedded baseline stays on every manifold it knows, even far from the origin of H² where ambient noise
  /// makes the Lorentz square of y positive (the time-axis projection is defined for every y).
  func testULAProjectStaysOnItsManifolds() throws {
    for family in [SamplingFamilies.vonMisesFisher, SamplingFamilies.hyperbolicGaussian, SamplingFamilies.spdGaussian] {
      let record = try RecordingHost.run(
        LangevinAlgorithms.ulaProject, on: family, seed: 1, budget: 100,
        parameters: ["chains": .int(100), "step": .real(0.2), "samples": .int(0)],
        problemParameters: family.id == "hyperbolic-gaussian" ? ["sigma": .real(2)] : [:])
      XCTAssertEqual(record.rows.count, 100, family.id)
      XCTAssertLessThan(try XCTUnwrap(record.results["manifold_error_max"]), 1e-9, family.id)
    }
  }

  /// Mode switches of the Watson chains (hysteresis at |μᵀx| = 0.5) are frequent for shallow wells and rare for
  /// deep ones: the barrier grows with κ.
  func testWatsonModeSwitchesFallWithTheBarrier() throws {
    func rate(_ kappa: Double) throws -> Double {
      let record = try RecordingHost.run(
        LangevinAlgorithms.glmc, on: SamplingFamilies.watson, seed: 2, budget: 200,
        parameters: ["chains": .int(200), "step": .real(0.1), "samples": .int(0)],
        problemParameters: ["kappa": .real(kappa)])
      return try XCTUnwrap(record.results["mode_switch_rate"])
    }
    let shallow = try rate(1)
    let deep = try rate(8)
    XCTAssertGreaterThan(shallow, 0.1)
    XCTAssertLessThan(deep, 0.2 * shallow)
  }

  /// The artifacts follow docs/comparison.md's samples.csv contract and the reference density integrates to 1.
  func testSamplesArtifacts() throws {
    let record = try RecordingHost.run(
      LangevinAlgorithms.glmc, on: SamplingFamilies.hyperbolicGaussian, budget: 5,
      parameters: ["chains": .int(40), "samples": .int(30)])
    let samples = String(decoding: try XCTUnwrap(record.artifacts["samples.csv"]), as: UTF8.self)
    let lines = samples.split(separator: "\n")
    XCTAssertEqual(lines.first, "r_squared,r")
    XCTAssertEqual(lines.count, 31)
    let reference = String(decoding: try XCTUnwrap(record.artifacts["samples_reference.csv"]), as: UTF8.self)
    let rows = reference.split(separator: "\n")
    XCTAssertEqual(rows.first, "r,r_density")
    let grid = rows.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    let width = grid[1][0] - grid[0][0]
    XCTAssertEqual(grid.reduce(0) { $0 + $1[1] * width }, 1, accuracy: 1e-9)
  }

  /// vMF on S² declares its exact law, so a run reports exact draws next to its chains (spec §4.1): their mean is
  /// within Monte Carlo error of E[μᵀx] = 0.800091 and their W₁ is the floor the chains' W₁ is judged against; a
  /// problem without an exact sampler reports none.
  func testExactDrawsAreReportedWhereTheProblemDeclaresThem() throws {
    let record = try RecordingHost.run(
      LangevinAlgorithms.glmc, on: SamplingFamilies.vonMisesFisher, seed: 2, budget: 3,
      parameters: ["chains": .int(4000)])
    let mean = try XCTUnwrap(record.results["exact_mu_dot_x_mean"])
    let error = try XCTUnwrap(record.results["exact_mu_dot_x_stderr"])
    XCTAssertEqual(mean, 0.800091, accuracy: 4 * error)
    XCTAssertEqual(try XCTUnwrap(record.results["exact_mu_dot_x_bias"]), mean - 0.800091, accuracy: 1e-6)
    XCTAssertLessThan(try XCTUnwrap(record.results["w1_mu_dot_x_exact"]), 0.012)
    // Three steps from a uniform start are far from the target; the exact draws are not.
    XCTAssertGreaterThan(try XCTUnwrap(record.results["w1_mu_dot_x"]), 5 * record.results["w1_mu_dot_x_exact"]!)
    let other = try RecordingHost.run(
      LangevinAlgorithms.glmc, on: SamplingFamilies.watson, budget: 2, parameters: ["chains": .int(10)])
    XCTAssertFalse(other.results.keys.contains { $0.hasPrefix("exact_") })
  }
}
