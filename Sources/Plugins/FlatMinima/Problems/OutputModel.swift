import LinearAlgebra

/// A model with scalar outputs pᵢ(x), one per training example, fitted by the squared loss: the paper's Setting 1
/// (spec §2.5), f(x) = (1/n) Σᵢ ½(pᵢ(x) − yᵢ)².
///
/// Every problem of this plugin is of this form, which is what makes its diagnostics exact: on the minimum set
/// X* = {p(x) = y} the Hessian is (1/n) Σᵢ ∇pᵢ∇pᵢᵀ, its null space is the tangent space of X*, and the
/// flatness metrics need only outputs, output gradients and output Hessian-vector products.
protocol OutputModel: Sendable {
  /// Parameters d.
  var dimension: Int { get }
  /// Examples n.
  var sampleCount: Int { get }
  /// Labels yᵢ.
  var targets: [Double] { get }
  /// The start the problem prescribes.
  var start: [Double] { get }

  /// pᵢ(x) for each i in `samples` (repeats allowed).
  func outputs(_ x: [Double], samples: [Int]) -> [Double]
  /// Σₖ weights[k] ∇p_{samples[k]}(x): the vector–Jacobian product every gradient is made of.
  func pullback(_ x: [Double], samples: [Int], weights: [Double]) -> [Double]
  /// tr ∇²pᵢ(x) for every example, for the exact Hessian trace off X*.
  func outputHessianTraces(_ x: [Double]) -> [Double]
  /// ∇²pᵢ(x)·v.
  func outputHessianVector(_ x: [Double], sample: Int, _ v: [Double]) -> [Double]
  /// Φ(x), the limit of gradient flow on f started at x, when the model knows it in closed form.
  func flowLimit(_ x: [Double]) -> [Double]?
}

extension OutputModel {
  /// All examples, in order.
  var allSamples: [Int] { Array(0..<sampleCount) }

  /// ∇pᵢ(x).
  func outputGradient(_ x: [Double], sample: Int) -> [Double] {
    pullback(x, samples: [sample], weights: [1])
  }

  /// Central difference of ∇pᵢ along v with a step relative to the sizes of x and v; exact up to rounding for
  /// models whose outputs are quadratic, O(h²) otherwise.
  func outputHessianVector(_ x: [Double], sample: Int, _ v: [Double]) -> [Double] {
    let vNorm = ArrayMath.norm(v)
    guard vNorm > 0 else { return [Double](repeating: 0, count: dimension) }
    let h = 1e-5 * max(1, ArrayMath.norm(x) / Double(dimension).squareRoot()) / vNorm
    let plus = outputGradient(ArrayMath.axpy(x, h, v), sample: sample)
    let minus = outputGradient(ArrayMath.axpy(x, -h, v), sample: sample)
    return ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(plus, minus))
  }

  func flowLimit(_ x: [Double]) -> [Double]? { nil }
}
