import LinearAlgebra

/// Φ(x), the limit of gradient flow ẋ = −∇f(x) started at x, approximated as the spec prescribes (§4.4): gradient
/// descent with the small step 0.1/β until ‖∇f‖ < 1e-10.
///
/// Works for any objective with a gradient: β is estimated at x by power iteration on finite-difference
/// Hessian-vector products. The small step keeps the discrete path within O(step) of the flow, so the limit
/// differs from Φ(x) by far less than the distance travelled. It costs many gradients per call near a badly
/// conditioned minimum set; the problems that know Φ in closed form use that instead.
struct GradientFlowLimit {
  /// The step as a fraction of 1/β.
  var stepFactor = 0.1
  /// Stop once ‖∇f‖ falls below this.
  var tolerance = 1e-10
  /// Give up after this many steps (the last point is returned).
  var maxSteps = 100_000

  /// The outcome: the limit point, the steps taken and whether ‖∇f‖ reached the tolerance.
  struct Limit {
    var point: [Double]
    var steps: Int
    var converged: Bool
  }

  /// The largest Hessian eigenvalue at x, by 30 steps of power iteration on central differences of the gradient.
  static func smoothness(at x: [Double], gradient: ([Double]) throws -> [Double]) rethrows -> Double {
    let d = x.count
    // A fixed, non-symmetric start so no eigenvector is missed by symmetry.
    var v = (0..<d).map { 1 + Double($0) / Double(d) }
    v = ArrayMath.scale(1 / ArrayMath.norm(v), v)
    let h = 1e-6 * max(1, ArrayMath.norm(x) / Double(d).squareRoot())
    var lambda = 0.0
    for _ in 0..<30 {
      let plus = try gradient(ArrayMath.axpy(x, h, v))
      let minus = try gradient(ArrayMath.axpy(x, -h, v))
      let hv = ArrayMath.scale(1 / (2 * h), ArrayMath.subtract(plus, minus))
      let norm = ArrayMath.norm(hv)
      guard norm > 0 else { break }
      lambda = norm
      v = ArrayMath.scale(1 / norm, hv)
    }
    return lambda
  }

  /// Runs gradient descent from x with step `stepFactor`/β.
  func limit(from x: [Double], gradient: ([Double]) throws -> [Double]) rethrows -> Limit {
    let beta = try Self.smoothness(at: x, gradient: gradient)
    guard beta > 0 else { return Limit(point: x, steps: 0, converged: ArrayMath.norm(try gradient(x)) < tolerance) }
    let eta = stepFactor / beta
    var point = x
    for step in 0..<maxSteps {
      let g = try gradient(point)
      if ArrayMath.norm(g) < tolerance { return Limit(point: point, steps: step, converged: true) }
      point = ArrayMath.axpy(point, -eta, g)
    }
    return Limit(point: point, steps: maxSteps, converged: false)
  }
}
