import CatalogueSDK
import LinearAlgebra

/// Invex gradient descent x_{k+1} = S_{x_k}(−α_k·d_k) (spec §4.2) and its projected form
/// x_{k+1} = P_C(S_{x_k}(−α_k·d_k)) (spec §4.5), with d_k the Euclidean gradient ∇f or the metric gradient
/// G_x⁻¹∇f of the kernel (spec §4.7).
///
/// Step rules. `constant`: α_k = α. `backtracking`: the trial step starts at the last accepted one (so it is a
/// running estimate of 1/L) and halves until f(x⁺) ≤ f(x) − ‖η(x⁺, x)‖²/(2α), the norm being Euclidean for the
/// Euclidean gradient and the kernel metric for the metric gradient. Without a projection η(x⁺, x) = −α·d and the
/// test is f(x⁺) ≤ f(x) − (α/2)·⟨∇f, d⟩, the descent lemma of (C1) (spec §4.3); with one it is the standard
/// projected-gradient sufficient decrease. The test allows 8 ulp of |f(x)| of slack, so that near the minimiser,
/// where the decrease falls below the rounding of f, the last step is kept rather than halved to nothing (the
/// slack is far below the decrease everywhere else). Under either rule a trial with f(x⁺) = +∞ (off the domain, e.g. an
/// indefinite matrix after a Euclidean step on SPD) is halved: the SPD safeguard of spec §5.3. Every trial value
/// is an oracle call the host counts.
///
/// Stopping (spec §4.6): the kernel-metric gradient norm √⟨∇f, G_x⁻¹∇f⟩ ≤ `grad_tol`, a relative change in f of at
/// most `f_rel_tol` (0 switches this test off), or the host's iteration budget. On a problem with a `violation` metric the result
/// `max_violation` is the largest violation over all iterates (feasibility at every step, not only the last).
struct InvexDescent {
  enum StepRule: String {
    case constant
    case backtracking
  }

  let kernel: any InvexKernel
  let metricGradient: Bool
  let rule: StepRule
  let stepSize: Double
  let gradTolerance: Double
  let relativeTolerance: Double
  let projected: Bool

  /// Halvings allowed in one iteration before the run is declared stuck.
  static let maxHalvings = 60

  static let parameters: [Parameter] = [
    KernelChoice.parameter,
    .choice(
      "gradient", default: "euclidean", choices: ["euclidean", "metric"],
      help: "direction: euclidean ∇f (the invex step) or the kernel's metric gradient (k2: RGD, k3: GD on u = φ(x))"),
    .choice("step", default: "backtracking", choices: ["backtracking", "constant"], help: "step rule"),
    .real(
      "step_size", default: 1, above: 0, logScale: true,
      help: "α: the constant step, or the first trial step of backtracking"),
    .real("grad_tol", default: 1e-8, min: 0, help: "stop when the kernel-metric gradient norm is at most this"),
    .real("f_rel_tol", default: 1e-15, min: 0, help: "stop when |f_k − f_{k+1}| ≤ tol·max(|f_k|, |f_{k+1}|); 0: never"),
  ]

  /// Reads the parameters and the problem's kernel data.
  init(_ run: Run, projected: Bool) throws {
    let f = try run.problem.objective()
    kernel = try KernelChoice.make(try run.parameters.string("kernel"), problem: run.problem, function: f)
    metricGradient = try run.parameters.string("gradient") == "metric"
    rule = StepRule(rawValue: try run.parameters.string("step")) ?? .backtracking
    stepSize = try run.parameters.real("step_size")
    gradTolerance = try run.parameters.real("grad_tol")
    relativeTolerance = try run.parameters.real("f_rel_tol")
    self.projected = projected
    if !projected && f.hasProjection {
      throw PluginError(
        .invalidArgument, "invex-gd ignores constraints and this problem has a projection; use invex-pgd")
    }
    if projected && !f.hasProjection {
      throw PluginError(
        .invalidArgument, "invex-pgd needs a constrained problem with a projection (e.g. reparam-ls-box); use invex-gd")
    }
  }

  func run(_ run: Run) throws {
    let f = try run.problem.objective()
    let trace = try ObjectiveTrace(run, f, extraColumns: ["kernel_grad_norm", "step", "backtracks"])
    let safeguard = f.geometry != nil
    var x = try f.initialPoint()
    if projected { x = try f.project(x) }
    var (value, g) = try f.gradient(x)
    var alpha = stepSize
    var backtracks = 0
    var k = 0
    var stalled = false
    let violationColumn = run.problem.metricNames.firstIndex(of: "violation")
    var worstViolation = 0.0
    while true {
      if let column = violationColumn, let metrics = run.problem.metrics {
        worstViolation = max(worstViolation, try run.uncounted { try metrics(x)[column] })
      }
      let md = try kernel.metricGradient(x, euclidean: g)
      let d = metricGradient ? md : g
      let kernelNorm = max(0, ArrayMath.dot(g, md)).squareRoot()
      let standardNorm =
        (kernel is GeodesicKernel || (kernel is EuclideanKernel && f.geometry == nil))
        ? kernelNorm : try trace.gradientNorm(x, euclidean: g)
      guard
        try trace.report(
          iteration: k, x, value: value, gradientNorm: standardNorm,
          extra: [kernelNorm, alpha, Double(backtracks)])
      else { break }
      if kernelNorm <= gradTolerance {
        run.finish(.converged, "kernel-metric gradient norm \(kernelNorm) ≤ grad_tol \(gradTolerance)")
        break
      }
      if stalled {
        run.finish(.converged, "relative change in f at most f_rel_tol \(relativeTolerance)")
        break
      }
      var trial = rule == .backtracking ? alpha : stepSize
      let slope = ArrayMath.dot(g, d)
      var halvings = 0
      var next: [Double]
      while true {
        next = try kernel.step(x, ArrayMath.scale(-trial, d))
        if projected { next = try f.project(next) }
        let needsValue = rule == .backtracking || safeguard
        let trialValue = needsValue ? try f.value(next) : 0
        var accepted = trialValue.isFinite
        if accepted && rule == .backtracking {
          let decrease = projected ? try squaredStepNorm(next, x) / (2 * trial) : 0.5 * trial * slope
          accepted = trialValue <= value - decrease + 8 * abs(value).ulp
        }
        if accepted { break }
        halvings += 1
        backtracks += 1
        guard halvings <= Self.maxHalvings else {
          run.finish(.converged, "no acceptable step after \(Self.maxHalvings) halvings (at machine precision)")
          break
        }
        trial *= 0.5
      }
      guard halvings <= Self.maxHalvings else { break }
      let previous = value
      x = next
      (value, g) = try f.gradient(x)
      alpha = trial
      stalled = relativeTolerance > 0 && abs(previous - value) <= relativeTolerance * max(abs(previous), abs(value))
      k += 1
    }
    if violationColumn != nil { try run.result("max_violation", worstViolation) }
    try trace.finish(x)
  }

  /// ‖η(y, x)‖² in the norm matching the gradient: Euclidean for ∇f, the kernel metric for G_x⁻¹∇f.
  func squaredStepNorm(_ y: [Double], _ x: [Double]) throws -> Double {
    let eta = try kernel.eta(y, x)
    return metricGradient ? try kernel.metricSquaredNorm(x, eta) : ArrayMath.dot(eta, eta)
  }
}
