import CatalogueSDK
import LinearAlgebra

/// Sharpness-aware minimisation (Foret et al. 2021): ascend to x + ρ g/‖g‖ along the (minibatch) gradient g,
/// then descend with the gradient taken there, on the same minibatch: xₖ₊₁ = xₖ − η ∇f_B(xₖ + ρ gₖ/‖gₖ‖).
enum SharpnessAware {
  static let algorithm = Algorithm(
    id: "sam",
    name: "Sharpness-aware minimisation (SAM)",
    summary: "SAM: gradient step from the worst-case point of a ρ-ball (first-order approximation)",
    provenance: .standard(
      "update of Foret et al. 2021, eq. (3) with the normalised ascent step; one minibatch per step"),
    citation: Citation(
      authors: "Foret, Kleiner, Mobahi, Neyshabur",
      title: "Sharpness-Aware Minimization for Efficiently Improving Generalization", venue: "ICLR 2021", year: 2021,
      arxiv: "2010.01412"),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "logistic",
    defaultMaxIterations: 500,
    parameters: [
      stepSizeParameter(default: 0.5),
      .real("rho", default: 0.05, min: 0, help: "radius ρ of the ascent step"),
      Minibatch.parameter,
    ]
  ) { run in
    let f = try run.problem.objective()
    let eta = try run.parameters.real("step_size")
    let rho = try run.parameters.real("rho")
    let batches = try Minibatch(run, f)
    let trace = try ObjectiveTrace(run, f)
    var x = try f.initialPoint()
    var k = 0
    while true {
      let samples = batches.draw(&run.rng)
      let (value, g) = try f.gradient(x, samples: samples)
      let gNorm = ArrayMath.norm(g)
      guard try trace.report(iteration: k, x, known: batches.isStochastic ? nil : (value, g)) else { break }
      // At a stationary point of the batch loss there is no ascent direction: the step is plain GD.
      let perturbed = gNorm > 0 ? ArrayMath.axpy(x, rho / gNorm, g) : x
      let (_, gPerturbed) = try f.gradient(perturbed, samples: samples)
      x = ArrayMath.axpy(x, -eta, gPerturbed)
      k += 1
    }
    try trace.finish(x)
  }
}
