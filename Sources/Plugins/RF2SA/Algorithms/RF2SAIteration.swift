import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// RF²SA's state and its update (spec §4.3), independent of the host so tests drive exactly the production step.
///
/// For k = 0, 1, …, with T tracker steps per outer step (T = 1 is the paper's single loop):
///
///   1. zₖ₊₁ = R_{zₖ}(−γₖ·grad_y g(xₖ, zₖ; φ′))                                   inner-solution tracker
///   2. yₖ₊₁ = R_{yₖ}(−αₖ·[grad_y f(xₖ, yₖ; ξ) + λₖ·grad_y g(xₖ, yₖ; φ)])          Lagrangian tracker
///   3. qₖ = grad_x f(xₖ, yₖ₊₁; ξ) + λₖ·[grad_x g(xₖ, yₖ₊₁; φ) − grad_x g(xₖ, zₖ₊₁; φ′)]   surrogate, in T_{xₖ}M_x
///   4. xₖ₊₁ = R_{xₖ}(−ξₓαₖ·qₖ)                                                   upper step
///   5. λₖ₊₁ = λₖ + δₖ (from the schedule)                                        multiplier
///
/// Every x-gradient of a step is taken at xₖ, so no vector transport is needed (spec §4.2). Euclidean gradients
/// are combined first and converted once, grad(a + λb) = rgrad(∇a + λ∇b), which is exact because the conversion is
/// linear; on SPD with Exp the conversion and the step are one fused computation
/// (``VariableManifold/gradientStep(_:euclidean:scale:checked:)``). Each oracle call asks only for the partial gradient it uses (`parts`), so a problem whose parts cost
/// differently (T1: ∇_M g needs two d×d products that ∇_W g does not) skips the other. Step 3 reuses the minibatches of the last tracker step, so with T = 1 it uses the (ξ, φ, φ′) of
/// steps 1–2 as in the spec.
struct RF2SAIteration {
  let problem: any BilevelProblem
  let manifoldX: VariableManifold
  let manifoldY: VariableManifold
  let schedule: StepSchedule
  /// ξₓ, the ratio of the x step to αₖ.
  let xStepRatio: Double
  /// T, tracker steps per outer step.
  let innerSteps: Int
  /// Minibatches, or nil for full gradients.
  let sampler: MinibatchSampler?

  /// The upper iterate xₖ.
  private(set) var x: [Double]
  /// The Lagrangian tracker yₖ.
  private(set) var y: [Double]
  /// The inner-solution tracker zₖ.
  private(set) var z: [Double]
  /// The outer iteration count k.
  private(set) var k = 0

  /// Starts at the problem's initial point with z₀ = y₀.
  init(
    problem: any BilevelProblem, manifoldX: VariableManifold, manifoldY: VariableManifold, schedule: StepSchedule,
    xStepRatio: Double, innerSteps: Int, sampler: MinibatchSampler?
  ) throws {
    self.problem = problem
    self.manifoldX = manifoldX
    self.manifoldY = manifoldY
    self.schedule = schedule
    self.xStepRatio = xStepRatio
    self.innerSteps = innerSteps
    self.sampler = sampler
    (x, y) = try problem.initialPoint()
    z = y
  }

  /// αₖ.
  var alpha: Double { schedule.alpha(k) }
  /// γₖ.
  var gamma: Double { schedule.gamma(k) }
  /// λₖ.
  var lambda: Double { schedule.lambda(k) }

  /// One outer step (spec §4.3, steps 1–5), drawing minibatches from `rng` when stochastic.
  mutating func step(_ rng: inout CatalogueRandom) throws {
    let (alpha, gamma, lambda) = (self.alpha, self.gamma, self.lambda)
    var draw = MinibatchDraw.full
    for _ in 0..<innerSteps {
      if let sampler { draw = sampler.draw(&rng) }
      let gz = try problem.lowerGradient(x, z, samples: draw.lowerPrime, parts: .y).y
      let fy = try problem.upperGradient(x, y, samples: draw.upper, parts: .y).y
      let gy = try problem.lowerGradient(x, y, samples: draw.lower, parts: .y).y
      z = try manifoldY.gradientStep(z, euclidean: gz, scale: -gamma, checked: checked)
      y = try manifoldY.gradientStep(y, euclidean: ArrayMath.axpy(fy, lambda, gy), scale: -alpha, checked: checked)
    }
    let fx = try problem.upperGradient(x, y, samples: draw.upper, parts: .x).x
    let gxy = try problem.lowerGradient(x, y, samples: draw.lower, parts: .x).x
    let gxz = try problem.lowerGradient(x, z, samples: draw.lowerPrime, parts: .x).x
    let q = try checked(try manifoldX.gradient(x, ArrayMath.axpy(fx, lambda, ArrayMath.subtract(gxy, gxz))))
    x = try manifoldX.step(x, ArrayMath.scale(-(xStepRatio * alpha), q))
    k += 1
  }

  /// A step direction, or the divergence error before a non-finite vector reaches a step map (spec §9 pitfall 3).
  private func checked(_ direction: [Double]) throws -> [Double] {
    guard ArrayMath.isFinite(direction) else {
      throw PluginError(
        .numerical,
        "rf2sa diverged at iteration \(k) (non-finite gradient): the effective step αₖλₖ = c_λγₖ must stay below "
          + "1/L_g (spec §4.4), so lower c_gamma or c_lambda")
    }
    return direction
  }
}
