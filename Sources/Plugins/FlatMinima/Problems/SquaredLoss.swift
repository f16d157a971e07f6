import CatalogueSDK
import LinearAlgebra

/// The objective f(x) = (1/n) Σᵢ ½(pᵢ(x) − yᵢ)² of an ``OutputModel``, a finite sum with per-sample gradients
/// ∇fᵢ = (pᵢ − yᵢ)∇pᵢ (spec §3.3, Setting 1), which the SA method needs.
///
/// A sample set S gives the average (1/|S|) Σ_{i∈S} fᵢ, repeats counted, as the ABI specifies.
struct SquaredLoss<Model: OutputModel>: ObjectiveFunction {
  let model: Model
  /// The problem id, for error messages.
  let name: String

  var dimension: Int { model.dimension }
  var sampleCount: Int { model.sampleCount }

  func initialPoint() throws -> [Double] { model.start }

  private func indices(_ samples: [Int]?) throws -> [Int] {
    guard let samples else { return model.allSamples }
    guard !samples.isEmpty else { throw PluginError(.invalidArgument, "\(name): empty sample set") }
    for i in samples where i < 0 || i >= sampleCount {
      throw PluginError(.invalidArgument, "\(name): sample index \(i) out of range 0..<\(sampleCount)")
    }
    return samples
  }

  private func checkPoint(_ x: [Double]) throws {
    guard x.count == dimension else {
      throw PluginError(.invalidArgument, "\(name): point has \(x.count) entries, expected \(dimension)")
    }
  }

  /// The residuals pᵢ(x) − yᵢ over `set`.
  func residuals(_ x: [Double], samples set: [Int]) -> [Double] {
    let p = model.outputs(x, samples: set)
    return set.indices.map { p[$0] - model.targets[set[$0]] }
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try checkPoint(x)
    let set = try indices(samples)
    let r = residuals(x, samples: set)
    return 0.5 * ArrayMath.dot(r, r) / Double(set.count)
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try checkPoint(x)
    let set = try indices(samples)
    let r = residuals(x, samples: set)
    let weight = 1 / Double(set.count)
    let g = model.pullback(x, samples: set, weights: r.map { $0 * weight })
    return (0.5 * ArrayMath.dot(r, r) * weight, g)
  }

  /// tr ∇²f(x) = (1/n) Σᵢ [‖∇pᵢ‖² + (pᵢ − yᵢ) tr ∇²pᵢ], exact everywhere (not only on X*).
  func hessianTrace(_ x: [Double]) -> Double {
    let r = residuals(x, samples: model.allSamples)
    let traces = model.outputHessianTraces(x)
    var sum = 0.0
    for i in 0..<sampleCount {
      let g = model.outputGradient(x, sample: i)
      sum += ArrayMath.dot(g, g) + r[i] * traces[i]
    }
    return sum / Double(sampleCount)
  }
}
