import CatalogueSDK
import Glibc

/// Adam (Kingma & Ba 2015) with bias correction: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// x ← x − η m̂/(√v̂ + ε).
enum Adam {
  static let algorithm = Algorithm(
    id: "adam",
    name: "Adam",
    summary: "Adaptive moment estimation with bias correction (full or minibatch gradients)",
    provenance: .standard("Algorithm 1 of Kingma & Ba; checked against a hand-computed first step"),
    citation: Citation(
      authors: "Kingma, Ba", title: "Adam: A Method for Stochastic Optimization", venue: "ICLR 2015", year: 2015,
      arxiv: "1412.6980"),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "logistic",
    defaultMaxIterations: 500,
    parameters: [
      .real("learning_rate", default: 0.05, above: 0, logScale: true, help: "step size η"),
      .real("beta1", default: 0.9, min: 0, below: 1, help: "first-moment decay β₁"),
      .real("beta2", default: 0.999, min: 0, below: 1, help: "second-moment decay β₂"),
      .real("epsilon", default: 1e-8, above: 0, logScale: true, help: "denominator guard ε"),
      Minibatch.parameter,
    ]
  ) { run in
    let f = try run.problem.objective()
    let eta = try run.parameters.real("learning_rate")
    let beta1 = try run.parameters.real("beta1")
    let beta2 = try run.parameters.real("beta2")
    let epsilon = try run.parameters.real("epsilon")
    let batches = try Minibatch(run, f)
    let trace = try ObjectiveTrace(run, f)
    var x = try f.initialPoint()
    var m = [Double](repeating: 0, count: x.count)
    var v = m
    var k = 0
    while true {
      let (value, g) = try f.gradient(x, samples: batches.draw(&run.rng))
      guard try trace.report(iteration: k, x, known: batches.isStochastic ? nil : (value, g)) else { break }
      let t = Double(k + 1)
      let c1 = 1 - pow(beta1, t)
      let c2 = 1 - pow(beta2, t)
      for i in x.indices {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        x[i] -= eta * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
      }
      k += 1
    }
    try trace.finish(x)
  }
}
