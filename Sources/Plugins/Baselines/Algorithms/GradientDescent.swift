import CatalogueSDK
import LinearAlgebra

/// Gradient descent: xₖ₊₁ = xₖ − η∇f(xₖ) on ℝⁿ (projected onto the feasible set when the problem has one),
/// and Riemannian gradient descent xₖ₊₁ = R_{xₖ}(−η grad f(xₖ)) on a manifold. Stochastic with `batch_size` > 0.
enum GradientDescent {
  static let algorithm = Algorithm(
    id: "gd",
    name: "Gradient descent",
    summary: "(Projected / Riemannian / stochastic) gradient descent with a constant step",
    provenance: .standard("checked: contraction (1 − η μ) on quadratics, minimiser of Rosenbrock, Rayleigh on sphere"),
    citation: Citation(
      authors: "Cauchy", title: "Méthode générale pour la résolution des systèmes d'équations simultanées",
      venue: "Comptes Rendus de l'Académie des Sciences", year: 1847),
    accepts: [.objective],
    defaultProblem: "quadratic",
    defaultMaxIterations: 1000,
    parameters: [stepSizeParameter(default: 1.0), Minibatch.parameter]
  ) { run in
    let f = try run.problem.objective()
    let eta = try run.parameters.real("step_size")
    let batches = try Minibatch(run, f)
    let trace = try ObjectiveTrace(run, f)
    var x = try f.initialPoint()
    var k = 0
    // The largest step-to-step change f(xₖ₊₁) − f(xₖ) of the full objective (deterministic runs only): ≤ 0 exactly
    // when every step descended, which the monotone-decrease claim checks.
    var previous: Double?
    var maxIncrease = -Double.infinity
    while true {
      let samples = batches.draw(&run.rng)
      let (value, g) = try f.gradient(x, samples: samples)
      if !batches.isStochastic {
        if let previous { maxIncrease = max(maxIncrease, value - previous) }
        previous = value
      }
      let direction = try f.geometry.map { try $0.riemannianGradient(x, euclidean: g) } ?? g
      guard try trace.report(iteration: k, x, known: batches.isStochastic ? nil : (value, g)) else { break }
      if let geometry = f.geometry {
        x = try geometry.retract(x, ArrayMath.scale(-eta, direction))
      } else {
        x = ArrayMath.axpy(x, -eta, direction)
        if f.hasProjection { x = try f.project(x) }
      }
      k += 1
    }
    try trace.finish(x)
    if maxIncrease > -Double.infinity { try run.result("max_increase", maxIncrease) }
  }
}
