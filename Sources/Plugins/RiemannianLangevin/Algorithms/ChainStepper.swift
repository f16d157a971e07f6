import CatalogueSDK
import SeededRandom

/// One Langevin step of all chains at once, through the problem's batched oracles and its geometry table's
/// batched operations only (ABI 1.1), so it runs on any manifold a problem brings, including a third party's whose
/// table has only per-point entries (the SDK then loops over them).
///
/// grad h is the geometry's `egradToRgrad` of the problem's Euclidean gradient (spec §3.1). On ℝⁿ (no geometry)
/// every Riemannian form is the unadjusted Langevin step x − δ∇h(x) + √(2δ) z, which the tests check iterate for
/// iterate.
///
/// Random stream: the batched operations draw for chain 0, 1, … in turn, so the exact-gradient forms consume the
/// stream as a loop over chains would (their traces equal plugin 0.1.0's); `sg-glmc` draws every chain's term
/// indices for a step before any chain's noise (docs/plugins/riemannian-langevin.md, "Random stream").
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

  /// Work buffers of one batched step, allocated once per run (M × pointSize doubles each).
  struct Workspace {
    var egrad: [Double]
    var grad: [Double]
    var tangent: [Double]
    var middle: [Double]
    var h: [Double]

    init(chains: Int, pointSize: Int) {
      let size = chains * pointSize
      egrad = [Double](repeating: 0, count: size)
      grad = egrad
      tangent = egrad
      middle = egrad
      h = [Double](repeating: 0, count: chains)
    }
  }

  /// Moves the `chains` states in `points` (chains × pointSize, flat) to `next`, leaving h(x_c) of each chain's
  /// starting state in `work.h` (for the trace). `samples` holds `sampleSetSize` term indices per chain for the
  /// stochastic gradient, or is nil for the exact one.
  func step(
    chains: Int, _ points: UnsafePointer<Double>, into next: UnsafeMutablePointer<Double>,
    samples: UnsafePointer<UInt64>?, sampleSetSize: Int, work: inout Workspace, rng: inout CatalogueRandom
  ) throws {
    let n = problem.dimension
    let size = chains * n
    try work.egrad.withUnsafeMutableBufferPointer { egrad in
      try work.h.withUnsafeMutableBufferPointer { h in
        try problem.potentialGradientBatch(
          count: chains, points, samples: samples, sampleSetSize: sampleSetSize, h.baseAddress, egrad.baseAddress!)
      }
    }
    guard let geometry, form != .embeddedProjection else {
      try work.egrad.withUnsafeBufferPointer { egrad in
        for i in 0..<size { next[i] = points[i] + (-delta * egrad[i] + noise * rng.normal()) }
      }
      if let projection { for c in 0..<chains { try projection.apply(next + c * n, count: n) } }
      return
    }
    try work.egrad.withUnsafeBufferPointer { egrad in
      try work.grad.withUnsafeMutableBufferPointer { grad in
        try geometry.riemannianGradientBatch(count: chains, points, euclidean: egrad.baseAddress!, grad.baseAddress!)
      }
    }
    try work.grad.withUnsafeMutableBufferPointer { grad in
      try work.tangent.withUnsafeMutableBufferPointer { tangent in
        try work.middle.withUnsafeMutableBufferPointer { middle in
          let (grad, xi, y) = (grad.baseAddress!, tangent.baseAddress!, middle.baseAddress!)
          if form == .split {
            for i in 0..<size { grad[i] = -delta * grad[i] }
            try geometry.expBatch(count: chains, points, grad, y)
            try geometry.tangentGaussianBatch(count: chains, y, &rng, xi)
            for i in 0..<size { xi[i] = noise * xi[i] }
            try geometry.expBatch(count: chains, y, xi, next)
            return
          }
          try geometry.tangentGaussianBatch(count: chains, points, &rng, xi)
          for i in 0..<size { y[i] = -delta * grad[i] + noise * xi[i] }
          if form == .retraction {
            try geometry.retractBatch(count: chains, points, y, next)
          } else {
            try geometry.expBatch(count: chains, points, y, next)
          }
        }
      }
    }
  }
}
