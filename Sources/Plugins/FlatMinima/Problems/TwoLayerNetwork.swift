import CatalogueSDK
import Glibc
import LinearAlgebra
import SeededRandom

/// A small two-layer tanh network on synthetic teacher data (spec §4.5, optional S4): pᵢ(W, c) = Σₖ cₖ tanh(wₖᵀxᵢ).
///
/// The data come from a planted teacher network of the same form. The sharp start draws a small first layer W and
/// solves the output layer by minimum-norm interpolation (Φc = y, Φᵢₖ = tanh(wₖᵀxᵢ), width ≥ n): the small,
/// nearly linear features need a large c, and near the rescaling (cₖα, wₖ/α) of the linear regime that makes the
/// minimum sharp (measured at the defaults: tr̄ ≈ 1.1 at init_scale 0.5 against 0.14 at 2). The point is exactly on
/// X*, the network analogue of the diagonal network's start. No conservation law gives Φ in
/// closed form, so the flatness residual uses the Gauss–Newton projection (or gradient descent) for Φ(x).
/// Parameters are laid out as W row-major (row k is wₖ), then c.
struct TwoLayerNetwork: OutputModel {
  /// Inputs, row-major n × input (row i is xᵢ).
  let inputs: [Double]
  let targets: [Double]
  let inputDimension: Int
  let width: Int
  let start: [Double]

  var dimension: Int { width * (inputDimension + 1) }
  var sampleCount: Int { targets.count }

  /// The network's output on one input row.
  static func output(_ x: [Double], input: UnsafeBufferPointer<Double>, width: Int) -> Double {
    let p = input.count
    var out = 0.0
    for k in 0..<width {
      var z = 0.0
      for l in 0..<p { z += x[k * p + l] * input[l] }
      out += x[width * p + k] * tanh(z)
    }
    return out
  }

  /// Pre-activations zₖ = wₖᵀxᵢ of example i.
  private func preActivations(_ x: [Double], sample i: Int) -> [Double] {
    let p = inputDimension
    return (0..<width).map { k in
      var z = 0.0
      for l in 0..<p { z += x[k * p + l] * inputs[i * p + l] }
      return z
    }
  }

  func outputs(_ x: [Double], samples: [Int]) -> [Double] {
    samples.map { i in
      let z = preActivations(x, sample: i)
      var out = 0.0
      for k in 0..<width { out += x[width * inputDimension + k] * tanh(z[k]) }
      return out
    }
  }

  /// ∂p/∂cₖ = tanh zₖ and ∂p/∂wₖ = cₖ(1 − tanh² zₖ)xᵢ, accumulated with the weights.
  func pullback(_ x: [Double], samples: [Int], weights: [Double]) -> [Double] {
    let p = inputDimension
    let c0 = width * p
    var g = [Double](repeating: 0, count: dimension)
    for (index, i) in samples.enumerated() {
      let w = weights[index]
      let z = preActivations(x, sample: i)
      for k in 0..<width {
        let t = tanh(z[k])
        g[c0 + k] += w * t
        let scale = w * x[c0 + k] * (1 - t * t)
        for l in 0..<p { g[k * p + l] += scale * inputs[i * p + l] }
      }
    }
    return g
  }

  /// tr ∇²pᵢ = Σₖ cₖ tanh''(zₖ)‖xᵢ‖², tanh'' = −2 tanh (1 − tanh²) (∂²p/∂cₖ² = 0).
  func outputHessianTraces(_ x: [Double]) -> [Double] {
    let p = inputDimension
    return (0..<sampleCount).map { i in
      let z = preActivations(x, sample: i)
      var squared = 0.0
      for l in 0..<p { squared += inputs[i * p + l] * inputs[i * p + l] }
      var sum = 0.0
      for k in 0..<width {
        let t = tanh(z[k])
        sum += x[width * p + k] * (-2 * t * (1 - t * t))
      }
      return sum * squared
    }
  }

  /// ∇²pᵢ·(V, γ): the c-block is tanh'(zₖ)⟨xᵢ, Vₖ⟩; the wₖ-block is [tanh'(zₖ)γₖ + cₖ tanh''(zₖ)⟨xᵢ, Vₖ⟩] xᵢ.
  func outputHessianVector(_ x: [Double], sample i: Int, _ v: [Double]) -> [Double] {
    let p = inputDimension
    let c0 = width * p
    let z = preActivations(x, sample: i)
    var out = [Double](repeating: 0, count: dimension)
    for k in 0..<width {
      let t = tanh(z[k])
      let first = 1 - t * t
      let second = -2 * t * first
      var xv = 0.0
      for l in 0..<p { xv += inputs[i * p + l] * v[k * p + l] }
      out[c0 + k] = first * xv
      let scale = first * v[c0 + k] + x[c0 + k] * second * xv
      for l in 0..<p { out[k * p + l] = scale * inputs[i * p + l] }
    }
    return out
  }

  /// A teacher of `teacherWidth` units (wₖ ~ N(0, I/input), cₖ = ±1) labels Gaussian inputs; the student's
  /// first layer is N(0, scale²/input) and its output layer the minimum-norm interpolator (LAPACK dgels).
  static func make(
    samples n: Int, testSamples: Int, input p: Int, width m: Int, teacherWidth: Int, initScale: Double,
    rng: inout CatalogueRandom
  ) throws -> (model: TwoLayerNetwork, testInputs: [Double], testTargets: [Double]) {
    var teacher = rng.normals(teacherWidth * p).map { $0 / Double(p).squareRoot() }
    teacher += (0..<teacherWidth).map { _ in rng.sign() }
    func label(_ rows: [Double]) -> [Double] {
      rows.withUnsafeBufferPointer { buffer in
        (0..<(rows.count / p)).map { i in
          output(teacher, input: UnsafeBufferPointer(rebasing: buffer[(i * p)..<((i + 1) * p)]), width: teacherWidth)
        }
      }
    }
    let inputs = rng.normals(n * p)
    let targets = label(inputs)
    let testInputs = rng.normals(testSamples * p)
    let testTargets = label(testInputs)
    let firstLayer = rng.normals(m * p).map { $0 * initScale / Double(p).squareRoot() }
    let features = Matrix(rows: n, cols: m) { i, k in
      var z = 0.0
      for l in 0..<p { z += firstLayer[k * p + l] * inputs[i * p + l] }
      return tanh(z)
    }
    let outputLayer: [Double]
    do {
      outputLayer = try features.leastSquares(Matrix(rows: n, cols: 1, elements: targets)).elements
    } catch {
      throw PluginError(.numerical, "two-layer-network: the random features are rank deficient; change the seed")
    }
    let model = TwoLayerNetwork(
      inputs: inputs, targets: targets, inputDimension: p, width: m, start: firstLayer + outputLayer)
    return (model, testInputs, testTargets)
  }

  static let family = ProblemFamily(
    id: "two-layer-network",
    name: "Two-layer tanh network",
    summary: "Small tanh MLP on teacher data from a sharp interpolating start (large first layer, min-norm output)",
    kind: .objective,
    parameters: [
      .int("samples", default: 16, in: 1...200, help: "training examples n (at most width)"),
      .int("input_dim", default: 4, in: 1...1000, help: "input dimension"),
      .int("width", default: 24, in: 1...50, help: "hidden units (d = width·(input_dim + 1))"),
      .int("teacher_width", default: 2, in: 1...50, help: "hidden units of the teacher network"),
      .real(
        "init_scale", default: 0.5, above: 0,
        help: "scale of the first layer: smaller is sharper (the output layer grows)"),
      .int("test_samples", default: 500, in: 1...1_000_000, help: "fresh examples for test_mse"),
    ] + FlatnessOptions.parameters(defaultFlow: .gaussNewton, choices: [.gaussNewton, .gradientDescent])
  ) { params, rng in
    let n = try params.int("samples")
    let width = try params.int("width")
    guard n <= width else {
      throw PluginError(
        .invalidArgument, "samples=\(n) exceeds width=\(width): the interpolating start needs n ≤ width")
    }
    let p = try params.int("input_dim")
    let (model, testInputs, testTargets) = try make(
      samples: n, testSamples: try params.int("test_samples"), input: p, width: width,
      teacherWidth: try params.int("teacher_width"), initScale: try params.real("init_scale"), rng: &rng)
    let loss = SquaredLoss(model: model, name: "two-layer-network")
    return try FlatnessMetrics.instance(
      loss, options: try FlatnessOptions(params), rng: &rng, extraNames: ["test_mse"]
    ) { x, _ in
      let mse = testInputs.withUnsafeBufferPointer { buffer in
        (0..<testTargets.count).reduce(0.0) { sum, i in
          let out = output(x, input: UnsafeBufferPointer(rebasing: buffer[(i * p)..<((i + 1) * p)]), width: width)
          return sum + (out - testTargets[i]) * (out - testTargets[i])
        }
      }
      return [mse / Double(testTargets.count)]
    }
  }
}
