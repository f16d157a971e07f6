import CatalogueSDK
import LinearAlgebra

/// Polyak's heavy-ball method: xₖ₊₁ = xₖ − η∇f(xₖ) + β(xₖ − xₖ₋₁).
enum HeavyBall {
  static let algorithm = Algorithm(
    id: "heavy-ball",
    name: "Heavy-ball momentum",
    summary: "Polyak momentum: a gradient step plus β times the last displacement",
    provenance: .standard("checked against the closed-form iteration on quadratics"),
    citation: Citation(
      authors: "Polyak", title: "Some methods of speeding up the convergence of iteration methods",
      venue: "USSR Computational Mathematics and Mathematical Physics", year: 1964),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "quadratic",
    defaultMaxIterations: 1000,
    parameters: [
      stepSizeParameter(default: 1.0),
      .real("momentum", default: 0.9, min: 0, below: 1, help: "momentum β ∈ [0, 1)"),
      Minibatch.parameter,
    ]
  ) { run in
    let f = try run.problem.objective()
    let eta = try run.parameters.real("step_size")
    let beta = try run.parameters.real("momentum")
    let batches = try Minibatch(run, f)
    let trace = try ObjectiveTrace(run, f)
    var x = try f.initialPoint()
    var previous = x
    var k = 0
    while true {
      let (value, g) = try f.gradient(x, samples: batches.draw(&run.rng))
      guard try trace.report(iteration: k, x, known: batches.isStochastic ? nil : (value, g)) else { break }
      var next = ArrayMath.axpy(x, -eta, g)
      next = ArrayMath.axpy(next, beta, ArrayMath.subtract(x, previous))
      previous = x
      x = next
      k += 1
    }
    try trace.finish(x)
  }
}
