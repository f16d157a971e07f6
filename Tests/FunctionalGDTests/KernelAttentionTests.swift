import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom
import XCTest

/// The non-linear attention layer of the shared module: backward pass against central differences for every h,
/// the softmax axis, and the rule that only the X rows enter keys and queries (functional-gd.md §2.1, §6).
final class KernelAttentionTests: XCTestCase {
  /// A batch of random prompts (features and labels N(0, 1), query label 0).
  static func prompts(d: Int, n: Int, count: Int, seed: UInt64) throws -> PromptBatch {
    var rng = CatalogueRandom(seed: seed, stream: 9)
    var prompts: [Matrix] = []
    var targets: [Double] = []
    for _ in 0..<count {
      var z = Matrix(rows: d + 1, cols: n + 1, elements: rng.normals((d + 1) * (n + 1)).map { 0.7 * $0 })
      z[d, n] = 0
      prompts.append(z)
      targets.append(rng.normal())
    }
    return try PromptBatch(prompts: prompts, queryTargets: targets, featureDimension: d, contextLength: n)
  }

  static func model(
    _ h: AttentionNonlinearity, axis: SoftmaxAxis = .keys, scaleByN: Bool = true, heads: Int = 1, scale: Double = 1,
    seed: UInt64 = 3
  ) throws -> KernelAttentionTransformer {
    var rng = CatalogueRandom(seed: seed, stream: 7)
    let c = KernelAttentionConfiguration(
      featureDimension: 3, contextLength: 4, layers: 2, heads: heads, nonlinearity: h, softmaxAxis: axis,
      scaleSoftmaxByN: scaleByN, scoreScale: scale)
    return try KernelAttentionTransformer(configuration: c, initStd: 0.5, rng: &rng)
  }

  /// The analytic gradient equals central differences (step 1e-6) in every coordinate, to 1e-6 relative.
  func checkGradient(_ model: KernelAttentionTransformer, file: StaticString = #filePath, line: UInt = #line) throws {
    let batch = try Self.prompts(d: 3, n: 4, count: 5, seed: 11)
    let (_, gradient) = try model.lossAndGradient(batch)
    let theta = model.weights.flattened
    let analytic = gradient.flattened
    let step = 1e-6
    var worst = 0.0
    for k in theta.indices {
      var plus = model
      var minus = model
      var up = theta
      var down = theta
      up[k] += step
      down[k] -= step
      plus.weights = model.weights.replacing(flattened: up)
      minus.weights = model.weights.replacing(flattened: down)
      let numeric = (try plus.loss(batch) - minus.loss(batch)) / (2 * step)
      worst = max(worst, abs(numeric - analytic[k]) / max(1, abs(numeric)))
    }
    XCTAssertLessThan(worst, 1e-6, "worst relative gradient error", file: file, line: line)
    XCTAssertGreaterThan(gradient.norm, 1e-3, "the gradient is not trivially zero", file: file, line: line)
  }

  func testGradientLinear() throws { try checkGradient(try Self.model(.linear)) }
  func testGradientRelu() throws { try checkGradient(try Self.model(.relu)) }
  func testGradientExp() throws { try checkGradient(try Self.model(.exp, scale: 1.0 / 3)) }
  func testGradientSoftmaxKeys() throws { try checkGradient(try Self.model(.softmax)) }
  func testGradientSoftmaxQueries() throws { try checkGradient(try Self.model(.softmax, axis: .queries)) }
  func testGradientSoftmaxWithoutOneOverN() throws { try checkGradient(try Self.model(.softmax, scaleByN: false)) }
  func testGradientTwoHeads() throws { try checkGradient(try Self.model(.relu, heads: 2)) }

  /// Keys axis: each query column of H sums to 1 over the n context keys (the query is not a key); queries axis:
  /// each key row sums to 1 over all n + 1 columns.
  func testSoftmaxAxes() throws {
    let prompt = try Self.prompts(d: 3, n: 4, count: 1, seed: 5).prompts[0]
    let keys = try Self.model(.softmax).attentionTable(prompt, layer: 1, head: 0)
    XCTAssertEqual(keys.rows, 4)
    XCTAssertEqual(keys.cols, 5)
    for j in 0..<5 { XCTAssertEqual((0..<4).reduce(0) { $0 + keys[$1, j] }, 1, accuracy: 1e-14) }
    XCTAssertGreaterThan(abs((0..<5).reduce(0) { $0 + keys[0, $1] } - 1), 1e-3, "rows are not normalised")
    let queries = try Self.model(.softmax, axis: .queries).attentionTable(prompt, layer: 1, head: 0)
    for i in 0..<4 { XCTAssertEqual((0..<5).reduce(0) { $0 + queries[i, $1] }, 1, accuracy: 1e-14) }
  }

  /// The attention table depends on the X rows only: changing every label leaves layer 0's table unchanged, while
  /// changing one covariate changes it; and the query's covariate never acts as a key, so the context columns of
  /// Z₁ do not depend on it.
  func testKeysAndQueriesUseXRowsOnly() throws {
    for h in AttentionNonlinearity.allCases {
      let model = try Self.model(h)
      let prompt = try Self.prompts(d: 3, n: 4, count: 1, seed: 5).prompts[0]
      var relabelled = prompt
      for j in 0..<4 { relabelled[3, j] += 1 + Double(j) }
      let table = try model.attentionTable(prompt, layer: 0, head: 0)
      XCTAssertEqual(try model.attentionTable(relabelled, layer: 0, head: 0), table, "\(h)")
      var moved = prompt
      moved[0, 1] += 0.3
      XCTAssertNotEqual(try model.attentionTable(moved, layer: 0, head: 0), table, "\(h)")
      var query = prompt
      query[1, 4] += 0.5
      let before = try model.states(prompt)[1]
      let after = try model.states(query)[1]
      for j in 0..<4 {
        for i in 0..<4 { XCTAssertEqual(before[i, j], after[i, j], accuracy: 1e-15, "\(h) column \(j)") }
      }
    }
  }

  /// One layer by hand for relu: F = (1/n)·blockdiag(A, r)·Z·M·relu(X_cᵀ·Bᵀ·C·X).
  func testOneLayerByHand() throws {
    var rng = CatalogueRandom(seed: 1, stream: 2)
    let c = KernelAttentionConfiguration(featureDimension: 2, contextLength: 3, layers: 1, nonlinearity: .relu)
    let model = try KernelAttentionTransformer(configuration: c, initStd: 1, rng: &rng)
    let prompt = try Self.prompts(d: 2, n: 3, count: 1, seed: 2).prompts[0]
    let w = model.weights
    let a = Matrix(rows: 2, cols: 2, elements: w["A.0.0"]!.values)
    let b = Matrix(rows: 2, cols: 2, elements: w["B.0.0"]!.values)
    let cm = Matrix(rows: 2, cols: 2, elements: w["C.0.0"]!.values)
    let r = w["r.0.0"]!.values[0]
    let x = Matrix(rows: 2, cols: 4) { i, j in prompt[i, j] }
    let out = try model.states(prompt)[1]
    for j in 0..<4 {
      var fx = [0.0, 0.0]
      var fy = 0.0
      for i in 0..<3 {
        let u = Matrix.product(b, Vector([x[0, i], x[1, i]])).elements
        let v = Matrix.product(cm, Vector([x[0, j], x[1, j]])).elements
        let weight = max(0, u[0] * v[0] + u[1] * v[1])
        let ax = Matrix.product(a, Vector([x[0, i], x[1, i]])).elements
        fx[0] += ax[0] * weight / 3
        fx[1] += ax[1] * weight / 3
        fy += r * prompt[2, i] * weight / 3
      }
      XCTAssertEqual(out[0, j], prompt[0, j] + fx[0], accuracy: 1e-13)
      XCTAssertEqual(out[1, j], prompt[1, j] + fx[1], accuracy: 1e-13)
      XCTAssertEqual(out[2, j], prompt[2, j] + fy, accuracy: 1e-13)
    }
  }
}
