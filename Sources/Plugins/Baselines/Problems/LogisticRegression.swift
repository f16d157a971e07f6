import CatalogueSDK
import Glibc
import LinearAlgebra
import SeededRandom

/// ℓ₂-regularised logistic regression on synthetic data, a finite sum with per-sample gradients:
/// f(x) = (1/n) Σᵢ log(1 + exp(−yᵢ aᵢᵀx)) + (λ/2)‖x‖².
///
/// Features aᵢ ~ N(0, I_d); labels yᵢ = ±1 with P(yᵢ = 1) = σ(aᵢᵀw*), w* ~ N(0, s²I/d). A held-out test set of
/// the same size gives `test_error`. The optimal value f* is computed once per instance by Newton's method
/// with conjugate-gradient solves to round-off, so `f_gap` is meaningful for every method.
struct LogisticRegression: ObjectiveFunction {
  let dimension: Int
  let sampleCount: Int
  /// Features, d × n column-major (column i is aᵢ).
  let features: [Double]
  let labels: [Double]
  let lambda: Double

  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] { [Double](repeating: 0, count: dimension) }

  @inline(__always)
  private func margin(_ i: Int, _ x: [Double]) -> Double {
    var z = 0.0
    let base = i * dimension
    for j in 0..<dimension { z += features[base + j] * x[j] }
    return labels[i] * z
  }

  /// log(1 + exp(−m)) without overflow.
  @inline(__always)
  static func softplusNegative(_ m: Double) -> Double {
    m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m))
  }

  /// σ(−m) = 1/(1 + exp(m)) without overflow.
  @inline(__always)
  static func sigmoidNegative(_ m: Double) -> Double {
    m > 0 ? exp(-m) / (1 + exp(-m)) : 1 / (1 + exp(m))
  }

  private func indices(_ samples: [Int]?) throws -> [Int] {
    guard let samples else { return Array(0..<sampleCount) }
    guard !samples.isEmpty else { throw PluginError(.invalidArgument, "empty sample set") }
    for i in samples where i < 0 || i >= sampleCount {
      throw PluginError(.invalidArgument, "sample index \(i) out of range 0..<\(sampleCount)")
    }
    return samples
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    let set = try indices(samples)
    var loss = 0.0
    for i in set { loss += Self.softplusNegative(margin(i, x)) }
    return loss / Double(set.count) + 0.5 * lambda * ArrayMath.dot(x, x)
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    let set = try indices(samples)
    var loss = 0.0
    var g = ArrayMath.scale(lambda, x)
    let weight = 1.0 / Double(set.count)
    for i in set {
      let m = margin(i, x)
      loss += Self.softplusNegative(m)
      let c = -weight * labels[i] * Self.sigmoidNegative(m)
      let base = i * dimension
      for j in 0..<dimension { g[j] += c * features[base + j] }
    }
    return (loss * weight + 0.5 * lambda * ArrayMath.dot(x, x), g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    var out = ArrayMath.scale(lambda, v)
    let weight = 1.0 / Double(sampleCount)
    for i in 0..<sampleCount {
      let s = Self.sigmoidNegative(margin(i, x))
      let base = i * dimension
      var av = 0.0
      for j in 0..<dimension { av += features[base + j] * v[j] }
      let c = weight * s * (1 - s) * av
      for j in 0..<dimension { out[j] += c * features[base + j] }
    }
    return out
  }

  /// Fraction of `testLabels` misclassified by sign(aᵀx).
  static func error(features: [Double], labels: [Double], dimension d: Int, x: [Double]) -> Double {
    var wrong = 0
    for i in 0..<labels.count {
      var z = 0.0
      for j in 0..<d { z += features[i * d + j] * x[j] }
      if z * labels[i] <= 0 { wrong += 1 }
    }
    return Double(wrong) / Double(labels.count)
  }

  /// Minimises f by Newton's method with CG solves of the Newton system (matrix-free Hessian products).
  func optimalValue() throws -> Double {
    var x = try initialPoint()
    for _ in 0..<50 {
      let (_, g) = try gradient(x, samples: nil)
      if ArrayMath.norm(g) < 1e-13 { break }
      let step = try ConjugateGradient.solve(rhs: g, tolerance: 1e-14, maxIterations: 4 * dimension) { v in
        try hessianVector(x, v)
      }
      x = ArrayMath.subtract(x, step)
    }
    return try value(x, samples: nil)
  }

  /// Draws `count` labelled points from the logistic model with parameter w*.
  static func draw(count: Int, dimension d: Int, wStar: [Double], rng: inout CatalogueRandom) -> ([Double], [Double]) {
    var features = [Double](repeating: 0, count: count * d)
    var labels = [Double](repeating: 0, count: count)
    for i in 0..<count {
      var z = 0.0
      for j in 0..<d {
        let a = rng.normal()
        features[i * d + j] = a
        z += a * wStar[j]
      }
      labels[i] = rng.uniform() < 1 / (1 + exp(-z)) ? 1 : -1
    }
    return (features, labels)
  }

  static let family = ProblemFamily(
    id: "logistic",
    name: "Logistic regression",
    summary: "ℓ₂-regularised logistic regression on synthetic Gaussian data (finite sum, test error)",
    kind: .objective,
    parameters: [
      .int("samples", default: 500, in: 1...10_000_000, help: "training points n"),
      .int("dim", default: 20, in: 1...100_000, help: "features d"),
      .real("lambda", default: 1e-3, min: 0, logScale: true, help: "ℓ₂ regularisation weight λ"),
      .real("signal", default: 3, min: 0, help: "norm scale s of the true parameter w*"),
    ]
  ) { params, rng in
    let n = try params.int("samples")
    let d = try params.int("dim")
    let lambda = try params.real("lambda")
    let signal = try params.real("signal")
    let wStar = rng.normals(d).map { $0 * signal / Double(d).squareRoot() }
    let (features, labels) = draw(count: n, dimension: d, wStar: wStar, rng: &rng)
    let (testFeatures, testLabels) = draw(count: n, dimension: d, wStar: wStar, rng: &rng)
    let problem = LogisticRegression(
      dimension: d, sampleCount: n, features: features, labels: labels, lambda: lambda)
    var references: [(name: String, value: Double)] = []
    if lambda > 0 { references.append(("f_star", try problem.optimalValue())) }
    return ProblemInstance(
      .objective(problem), references: references, metricNames: ["test_error"],
      metrics: { x in [error(features: testFeatures, labels: testLabels, dimension: d, x: x)] })
  }
}
