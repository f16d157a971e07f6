import CatalogueSDKTesting
import LinearAlgebra
import XCTest

@testable import CatalogueSDK
@testable import LinconBilevel

/// A problem's oracles without the dense Hessian of ABI 1.2, as a problem built against ABI 1.1 offers them:
/// callers assemble ∇²_yy g from d_y Hessian-vector products. With `poisonedEntry` it has the dense Hessian, with a
/// NaN written at that index.
private struct WithoutDenseHessian: BilevelProblem {
  let base: any BilevelProblem
  var poisonedEntry: Int? = nil
  var hasLowerHessianMatrix: Bool { poisonedEntry != nil }
  func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws {
    try base.lowerHessianYYMatrix(x, y, into: out)
    if let poisonedEntry { out[poisonedEntry] = .nan }
  }
  var dimensionX: Int { base.dimensionX }
  var dimensionY: Int { base.dimensionY }
  var constraintForm: ConstraintForm { base.constraintForm }
  var constraintCount: Int { base.constraintCount }
  var hasLowerSolution: Bool { base.hasLowerSolution }
  var hasLowerHessian: Bool { base.hasLowerHessian }
  func initialPoint() throws -> (x: [Double], y: [Double]) { try base.initialPoint() }
  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try base.upperValue(x, y, samples: samples)
  }
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try base.upperGradient(x, y, samples: samples)
  }
  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try base.lowerValue(x, y, samples: samples)
  }
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try base.lowerGradient(x, y, samples: samples)
  }
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    try base.constraints(x, y)
  }
  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) { try base.lowerSolution(x) }
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    try base.lowerHessianYY(x, y, v)
  }
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    try base.lowerHessianXY(x, y, v)
  }
}

/// The lower-level Hessian from ABI 1.2's dense entry equals the one assembled from d_y products (the fallback for
/// problems without it), directly and across the ABI, and a run gives the same rows either way.
final class DenseHessianTests: XCTestCase {
  private let host = HostServices(RecordingHost.table)

  /// The problem as an algorithm in another plugin sees it: exported to the C table and wrapped back.
  private func acrossTheABI(_ problem: any BilevelProblem) throws -> any BilevelProblem {
    try ForeignProblem.wrap(ExportedProblem.export(ProblemInstance(.bilevel(problem)), host: host), host: host)
      .bilevel()
  }

  func testDenseHessianEqualsTheAssembledOneAndQ() throws {
    for family in [LinconToy.family, LinconEquality.family, LinconBilinear.family] {
      let instance = try Fixtures.bilevel(family, seed: 3, ["dim_x": .int(4), "dim_y": .int(30)])
      let toy = try XCTUnwrap(instance as? any ToyObjectivesProblem, family.id)
      let (x, y) = try instance.initialPoint()
      XCTAssertTrue(instance.hasLowerHessianMatrix, family.id)
      let dense = try SecondOrder.lowerHessian(instance, x, y)
      let products = try SecondOrder.lowerHessian(instance, x, y, useMatrix: false)
      let fallback = try SecondOrder.lowerHessian(WithoutDenseHessian(base: instance), x, y)
      // ∇²_yy g = Q exactly (Q is symmetric as built, so symmetrising changes nothing).
      XCTAssertEqual(dense.elements, toy.objectives.q.elements, family.id)
      let scale = ArrayMath.maxAbs(dense.elements)
      XCTAssertLessThanOrEqual(ArrayMath.distance(dense.elements, products.elements), 1e-14 * scale, family.id)
      XCTAssertLessThanOrEqual(ArrayMath.distance(dense.elements, fallback.elements), 1e-14 * scale, family.id)
      // Across the ABI: the dense entry when the problem has it, the products when it does not.
      let foreign = try acrossTheABI(instance)
      XCTAssertTrue(foreign.hasLowerHessianMatrix, family.id)
      XCTAssertEqual(try SecondOrder.lowerHessian(foreign, x, y).elements, dense.elements, family.id)
      let foreignFallback = try acrossTheABI(WithoutDenseHessian(base: instance))
      XCTAssertFalse(foreignFallback.hasLowerHessianMatrix, family.id)
      XCTAssertEqual(try SecondOrder.lowerHessian(foreignFallback, x, y).elements, dense.elements, family.id)
    }
  }

  func testANonFiniteDenseHessianIsRefused() throws {
    let instance = try Fixtures.bilevel(LinconToy.family, seed: 3, ["dim_x": .int(4), "dim_y": .int(10)])
    let (x, y) = try instance.initialPoint()
    // Entry (7, 2), below the diagonal: the part every solver reads.
    let poisoned = WithoutDenseHessian(base: instance, poisonedEntry: 7 + 2 * 10)
    XCTAssertThrowsError(try SecondOrder.lowerHessian(poisoned, x, y)) { error in
      XCTAssertTrue("\(error)".contains("non-finite"), "\(error)")
    }
  }

  func testRunsAreIdenticalWithAndWithoutTheDenseHessian() throws {
    let overrides: [String: ParameterValues.Value] = ["dim_x": .int(5), "dim_y": .int(25), "active": .int(2)]
    let problem = try Fixtures.bilevel(LinconToy.family, seed: 2, overrides)
    for (algorithm, parameters) in [
      (F2CBA.algorithm, [String: ParameterValues.Value]()), (ImplicitKKT.algorithm, ["hessian": .string("once")]),
    ] {
      let dense = try Fixtures.run(algorithm, on: ProblemInstance(.bilevel(problem)), budget: 6, parameters)
      let assembled = try Fixtures.run(
        algorithm, on: ProblemInstance(.bilevel(WithoutDenseHessian(base: problem))), budget: 6, parameters)
      XCTAssertEqual(dense.rows.count, 7, algorithm.id)
      XCTAssertEqual(dense.rows, assembled.rows, algorithm.id)
    }
  }
}
