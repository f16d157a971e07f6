import CatalogueSDK
import LinearAlgebra

/// The hyperbola of minima (spec §4.1): f(a, b) = ½(ab − 1)², one example with output p = ab and label 1.
///
/// X* = {ab = 1}; on it ∇²f = ∇p∇pᵀ with ∇p = (b, a), so tr̄ = (a² + b²)/2 ≥ 1 with equality at ±(1, 1), the flat
/// minima. Started at (4, 0.25), exactly on X* with tr̄ = 8.03125: gradient descent does not move, while the
/// perturbed methods drift along X* to (1, 1). Gradient flow conserves a² − b², which gives Φ in closed form.
struct Hyperbola: OutputModel {
  let start: [Double]

  var dimension: Int { 2 }
  var sampleCount: Int { 1 }
  var targets: [Double] { [1] }

  func outputs(_ x: [Double], samples: [Int]) -> [Double] {
    samples.map { _ in x[0] * x[1] }
  }

  func pullback(_ x: [Double], samples: [Int], weights: [Double]) -> [Double] {
    let w = weights.reduce(0, +)
    return [w * x[1], w * x[0]]
  }

  /// ∇²p = [[0, 1], [1, 0]] has zero trace.
  func outputHessianTraces(_ x: [Double]) -> [Double] { [0] }

  func outputHessianVector(_ x: [Double], sample: Int, _ v: [Double]) -> [Double] { [v[1], v[0]] }

  /// ȧ = −rb and ḃ = −ra give d(a² − b²)/dt = 0, so Φ(a, b) is the point of ab = 1 with the same c = a² − b²:
  /// a*² = (c + √(c² + 4))/2. The branch is the one the flow reaches: sign(a) when c > 0, sign(b) when c < 0,
  /// and for c = 0 the branch of sign(a) if ab > 0, else the origin (a saddle, reached along a = −b).
  func flowLimit(_ x: [Double]) -> [Double]? {
    let (a, b) = (x[0], x[1])
    let c = a * a - b * b
    let sign: Double
    if c > 0 {
      sign = a < 0 ? -1 : 1
    } else if c < 0 {
      sign = b < 0 ? -1 : 1
    } else if a * b > 0 {
      sign = a < 0 ? -1 : 1
    } else {
      return [0, 0]
    }
    let root = (c * c + 4).squareRoot()
    // Both forms equal (c + √(c² + 4))/2; each avoids cancellation on its side of c = 0.
    let aSquared = c >= 0 ? (c + root) / 2 : 2 / (root - c)
    let aStar = sign * aSquared.squareRoot()
    return [aStar, 1 / aStar]
  }

  /// Distance to the nearer flat minimum, (1, 1) or (−1, −1).
  static func distanceToFlat(_ x: [Double]) -> Double {
    min(ArrayMath.distance(x, [1, 1]), ArrayMath.distance(x, [-1, -1]))
  }

  static let family = ProblemFamily(
    id: "hyperbola",
    name: "Hyperbola of minima",
    summary: "f(a,b) = ½(ab − 1)² from the sharp minimum (4, 0.25); the flat minimum is (1, 1)",
    kind: .objective,
    parameters: [
      .real("start_a", default: 4, help: "first coordinate a of the start"),
      .real("start_b", default: 0.25, help: "second coordinate b of the start (ab = 1 starts on X*)"),
    ] + FlatnessOptions.parameters(defaultFlow: .exact, choices: FlatnessOptions.FlowLimit.allCases)
  ) { params, rng in
    let model = Hyperbola(start: [try params.real("start_a"), try params.real("start_b")])
    let loss = SquaredLoss(model: model, name: "hyperbola")
    return try FlatnessMetrics.instance(
      loss, options: try FlatnessOptions(params), rng: &rng, extraNames: ["dist_min_set", "dist_flat"]
    ) { x, xStar in
      let nearest = try MinimumSetGeometry.nearestPoint(model, to: x, from: xStar)
      return [ArrayMath.distance(x, nearest), distanceToFlat(x)]
    }
  }
}
