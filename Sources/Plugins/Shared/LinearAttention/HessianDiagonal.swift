import CatalogueSDK

/// The diagonal of a loss's Hessian by central differences of its analytic gradient, and the robust condition
/// number the linear-attention-dynamics paper reads off it (linear-attention-dynamics.md §4.1, item 3).
///
/// Column j of the Hessian is ∂∇f/∂θ_j ≈ (∇f(θ + h·e_j) − ∇f(θ − h·e_j)) / (2h), with error O(h²) from the third
/// derivatives; only its j-th entry is kept. That costs 2P gradient evaluations for P parameters (300 on the paper's
/// 150-parameter model) and never forms the P×P matrix. The official notebook forms the full autograd Hessian and
/// uses only its diagonal, so both give the same numbers up to the O(h²) truncation.
public struct HessianDiagonal: Sendable, Equatable {
  /// H_jj for every parameter j.
  public let values: [Double]
  /// The difference step h.
  public let step: Double

  /// Wraps known diagonal entries.
  public init(values: [Double], step: Double) {
    self.values = values
    self.step = step
  }

  /// Estimates the diagonal of the Hessian of `loss` at `parameters` with step `step` (absolute, per coordinate).
  /// `proceed` is asked before each coordinate with the fraction done; answering false throws `.cancelled` (a host
  /// that wants to stop need not wait for all 2P gradients).
  public static func centralDifferences(
    of loss: inout some FlatDifferentiableLoss, at parameters: [Double], step: Double = 1e-4,
    proceed: (Double) -> Bool = { _ in true }
  ) throws -> HessianDiagonal {
    precondition(parameters.count == loss.parameterCount, "HessianDiagonal needs \(loss.parameterCount) parameters")
    precondition(step > 0 && step.isFinite, "HessianDiagonal needs a positive finite step")
    var probe = parameters
    var values = [Double](repeating: 0, count: parameters.count)
    for j in parameters.indices {
      guard proceed(Double(j) / Double(parameters.count)) else {
        throw PluginError(.cancelled, "Hessian diagonal stopped after \(j) of \(parameters.count) coordinates")
      }
      probe[j] = parameters[j] + step
      let plus = try loss.lossAndGradient(at: probe).gradient[j]
      probe[j] = parameters[j] - step
      let minus = try loss.lossAndGradient(at: probe).gradient[j]
      probe[j] = parameters[j]
      values[j] = (plus - minus) / (2 * step)
    }
    return HessianDiagonal(values: values, step: step)
  }

  /// R_med = max_j |H_jj| / median_j |H_jj|, with the **lower** median (the ⌊(P−1)/2⌋-th smallest, 0-based), as
  /// `torch.median` returns it in `plot_condition_number.ipynb`. Entries that are exactly zero (the last layer's
  /// value block of parametrisation (b), which the loss never reads) stay in the median, as in the notebook.
  /// Infinite when the median is 0.
  public var robustConditionNumber: Double {
    let magnitudes = values.map(abs)
    let median = Self.lowerMedian(magnitudes)
    let largest = magnitudes.max() ?? 0
    return median > 0 ? largest / median : .infinity
  }

  /// The lower median: the element of index ⌊(count−1)/2⌋ after sorting (0 for an empty array).
  public static func lowerMedian(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return 0 }
    return x.sorted()[(x.count - 1) / 2]
  }
}
