import CatalogueSDK
import SeededRandom

/// One Langevin step of one chain, through the problem's oracles and its geometry table only (so it runs on any
/// manifold a problem brings, including a third party's).
///
/// grad h is the geometry's `egradToRgrad` of the problem's Euclidean gradient (spec §3.1). On ℝⁿ (no geometry)
/// every Riemannian form is the unadjusted Langevin step x − δ∇h(x) + √(2δ) z, which the tests check iterate for
/// iterate.
struct ChainStepper {
  let problem: any SamplingProblem
  let geometry: (any Geometry)?
  let form: StepForm
  /// The step δ and the noise scale √(2δ) (spec §7.3: not √δ).
  let delta: Double
  let noise: Double
  /// The point projection of the `ula-project` baseline.
  let projection: NaiveProjection?

  init(problem: any SamplingProblem, form: StepForm, delta: Double) throws {
    self.problem = problem
    geometry = problem.geometry
    self.form = form
    self.delta = delta
    noise = (2 * delta).squareRoot()
    projection = form == .embeddedProjection ? try NaiveProjection(problem.geometry) : nil
    if form != .embeddedProjection, let geometry, form != .retraction, !geometry.hasExp {
      throw PluginError(
        .unsupported, "\(geometry.name) has no exponential map; use glmc-retraction, which needs only a retraction")
    }
  }

  /// The next state of the chain at x and h(x) (for the trace); `samples` is the stochastic gradient's batch.
  func step(_ x: [Double], samples: [Int]?, rng: inout CatalogueRandom) throws -> (next: [Double], h: Double) {
    let (h, egrad) = try problem.potentialGradient(x, samples: samples)
    guard let geometry, form != .embeddedProjection else {
      var y = x
      for i in y.indices { y[i] += -delta * egrad[i] + noise * rng.normal() }
      try projection?.apply(&y)
      return (y, h)
    }
    let grad = try geometry.riemannianGradient(x, euclidean: egrad)
    if form == .split {
      let drift = grad.map { -delta * $0 }
      let y = try geometry.exp(x, drift)
      let xi = try geometry.tangentGaussian(y, &rng)
      return (try geometry.exp(y, xi.map { noise * $0 }), h)
    }
    let xi = try geometry.tangentGaussian(x, &rng)
    var v = grad
    for i in v.indices { v[i] = -delta * grad[i] + noise * xi[i] }
    return (form == .retraction ? try geometry.retract(x, v) : try geometry.exp(x, v), h)
  }
}
