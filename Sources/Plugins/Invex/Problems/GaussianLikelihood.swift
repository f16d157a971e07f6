import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// I3a (spec §5.3): the Gaussian negative log-likelihood f(Σ) = log det Σ + tr(Σ⁻¹S) on SPD(n), geodesically
/// convex for the affine-invariant metric but not Euclidean-convex (f″ < 0 along I at Σ = 10S). ∇f = Σ⁻¹ −
/// Σ⁻¹SΣ⁻¹ and the minimiser is Σ* = S (S ≻ 0: N ≥ n samples in general position). Off the cone f = +∞.
///
/// Constrained versions (``SPDConstraint``) have known minimisers too: over the eigenvalue box, S with its
/// eigenvalues clipped (von Neumann's trace inequality aligns the eigenvectors, then each eigenvalue minimises
/// log λ + s/λ on [a, b]); over the ball, ``ConstrainedLikelihood/ballMinimiser(_:radius:)``.
struct GaussianLikelihood: ObjectiveFunction {
  let n: Int
  /// The sample covariance S.
  let scatter: Matrix
  let constraint: SPDConstraint

  var dimension: Int { n * n }
  var geometry: (any Geometry)? { try? SPD(n) }
  var hasProjection: Bool { constraint != .none }

  func initialPoint() throws -> [Double] { Matrix.identity(n).elements }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "gaussian-nll")
    guard let c = SPDMath.factor(x, n: n) else { return .infinity }
    return c.logDeterminant + c.inverseCongruence(scatter).trace
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "gaussian-nll")
    guard let c = SPDMath.factor(x, n: n) else {
      throw PluginError(.invalidArgument, "gaussian-nll: the gradient needs Σ positive definite")
    }
    let inverse = try c.inverse()
    let g = inverse - inverse * scatter * inverse
    return (c.logDeterminant + c.inverseCongruence(scatter).trace, g.symmetrized().elements)
  }

  func project(_ x: [Double]) throws -> [Double] { try constraint.project(x, n: n) }

  static let family = ProblemFamily(
    id: "gaussian-nll",
    name: "I3: Gaussian negative log-likelihood on SPD(n)",
    summary: "log det Σ + tr(Σ⁻¹S): g-convex, Euclidean-nonconvex; Σ* = S (or its constrained minimiser) known",
    kind: .objective,
    parameters: [
      .int("n", default: 5, in: 3...8, help: "matrix order n"),
      .int("samples", default: 40, in: 3...100_000, help: "samples N ≥ n behind S"),
      .real("spread", default: 0.5, above: 0, help: "log-eigenvalue spread of the true covariance"),
    ] + SPDConstraint.parameters
  ) { params, rng in
    let n = try params.int("n")
    let count = try params.int("samples")
    guard count >= n else {
      throw PluginError(.invalidArgument, "samples (\(count)) must be at least n (\(n)) so that S ≻ 0")
    }
    let truth = try SPDMath.randomSPD(n, spread: params.real("spread"), rng: &rng)
    let data = try SPDMath.samples(truth, count: count, rng: &rng)
    let scatter = (Matrix.gram(data, transpose: true) / Double(count)).symmetrized()
    let constraint = try SPDConstraint.read(params)
    let problem = GaussianLikelihood(n: n, scatter: scatter, constraint: constraint)
    let minimiser: Matrix
    switch constraint {
    case .none: minimiser = scatter
    case .eigenvalueBox: minimiser = Matrix(rows: n, cols: n, elements: try constraint.project(scatter.elements, n: n))
    case .geodesicBall(let radius): minimiser = try ConstrainedLikelihood.ballMinimiser(scatter, radius: radius)
    }
    let spd = try SPD(n)
    let fStar = try problem.value(minimiser.elements)
    let constrained = constraint != .none
    return ProblemInstance(
      .objective(problem), references: [("f_star", fStar)],
      metricNames: constrained ? ["dist_to_opt", "violation"] : ["dist_to_opt"],
      metrics: { x in
        let d = try spd.distance(x, minimiser.elements)
        return constrained ? [d, try constraint.violation(x, n: n)] : [d]
      })
  }
}
