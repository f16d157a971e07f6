import CatalogueSDK
import Glibc

@testable import RF2SA

/// Euclidean F²SA (Kwon, Kwon, Wright, Nowak, ICML 2023) written out with arrays and loops, sharing no code with
/// the plugin's iteration: the parent method RF²SA must reproduce on ℝⁿ (spec §5, §8).
///
///   zₖ₊₁ = zₖ − γₖ∇_y g(xₖ, zₖ),  yₖ₊₁ = yₖ − αₖ(∇_y f(xₖ, yₖ) + λₖ∇_y g(xₖ, yₖ))      (T times)
///   xₖ₊₁ = xₖ − ξαₖ(∇ₓf(xₖ, yₖ₊₁) + λₖ(∇ₓg(xₖ, yₖ₊₁) − ∇ₓg(xₖ, zₖ₊₁)))
///   αₖ = c_α(k + k₀)^{−a}, γₖ = c_γ(k + k₀)^{−c}, λₖ = c_λγₖ/αₖ.
struct PlainF2SA {
  let problem: any BilevelProblem
  let a: Double
  let c: Double
  let cAlpha: Double
  let cGamma: Double
  let cLambda: Double
  let k0: Double
  let xi: Double
  let innerSteps: Int
  var x: [Double]
  var y: [Double]
  var z: [Double]

  init(
    problem: any BilevelProblem, a: Double, c: Double, cAlpha: Double, cGamma: Double, cLambda: Double, k0: Double,
    xi: Double, innerSteps: Int
  ) throws {
    self.problem = problem
    (self.a, self.c, self.cAlpha, self.cGamma, self.cLambda, self.k0) = (a, c, cAlpha, cGamma, cLambda, k0)
    self.xi = xi
    self.innerSteps = innerSteps
    (x, y) = try problem.initialPoint()
    z = y
  }

  /// Step k; `draw` supplies (ξ, φ, φ′) for each inner step (nil: full gradients).
  mutating func step(_ k: Int, draw: () -> ([Int]?, [Int]?, [Int]?) = { (nil, nil, nil) }) throws {
    let alpha = cAlpha * pow(Double(k) + k0, -a)
    let gamma = cGamma * pow(Double(k) + k0, -c)
    let lambda = cLambda * gamma / alpha
    var samples: ([Int]?, [Int]?, [Int]?) = (nil, nil, nil)
    for _ in 0..<innerSteps {
      samples = draw()
      let gz = try problem.lowerGradient(x, z, samples: samples.2).y
      let fy = try problem.upperGradient(x, y, samples: samples.0).y
      let gy = try problem.lowerGradient(x, y, samples: samples.1).y
      for i in z.indices { z[i] -= gamma * gz[i] }
      for i in y.indices { y[i] -= alpha * (fy[i] + lambda * gy[i]) }
    }
    let fx = try problem.upperGradient(x, y, samples: samples.0).x
    let gxy = try problem.lowerGradient(x, y, samples: samples.1).x
    let gxz = try problem.lowerGradient(x, z, samples: samples.2).x
    for i in x.indices { x[i] -= xi * alpha * (fx[i] + lambda * (gxy[i] - gxz[i])) }
  }
}
