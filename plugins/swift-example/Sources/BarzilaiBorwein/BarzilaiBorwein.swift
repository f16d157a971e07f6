import CatalogueSDK

/// The Barzilai–Borwein method: gradient descent xₖ₊₁ = xₖ − αₖ∇f(xₖ) with the two-point step
/// αₖ = sᵀs / sᵀy (BB1) or sᵀy / yᵀy (BB2), where s = xₖ − xₖ₋₁ and y = ∇f(xₖ) − ∇f(xₖ₋₁) (Barzilai & Borwein
/// 1988, eqs. (5) and (6)). The first step, and any step after a pair with sᵀy ≤ 0 (no positive curvature along s),
/// uses `initial_step`.
enum BarzilaiBorwein {
  static let citation = Citation(
    authors: "Jonathan Barzilai, Jonathan M. Borwein", title: "Two-point step size gradient methods",
    venue: "IMA Journal of Numerical Analysis", year: 1988)

  static let algorithm = Algorithm(
    id: "bb",
    name: "Barzilai–Borwein",
    summary: "Gradient descent with the two-point step sᵀs/sᵀy (BB1) or sᵀy/yᵀy (BB2)",
    provenance: .standard("checked: reaches the Trid minimiser; on a quadratic the BB1 step is a Rayleigh quotient"),
    accepts: [.objective],
    needs: [.euclidean],
    defaultProblem: "trid",
    defaultMaxIterations: 200,
    parameters: [
      .real("initial_step", default: 0.1, above: 0, logScale: true, help: "step before two iterates exist"),
      .choice("variant", default: "bb1", choices: ["bb1", "bb2"], help: "long (bb1) or short (bb2) step"),
    ]
  ) { run in
    let f = try run.problem.objective()
    let initialStep = try run.parameters.real("initial_step")
    let long = try run.parameters.string("variant") == "bb1"
    try run.declareTrace(["f", "grad_norm", "step"])
    var x = try f.initialPoint()
    var (value, gradient) = try f.gradient(x)
    var step = initialStep
    var k = 0
    while run.report(iteration: k, [value, norm(gradient), step]) {
      if norm(gradient) == 0 {
        run.finish(.converged, "the gradient vanished")
        break
      }
      let next = zip(x, gradient).map { $0 - step * $1 }
      let (nextValue, nextGradient) = try f.gradient(next)
      let s = zip(next, x).map { $0 - $1 }
      let y = zip(nextGradient, gradient).map { $0 - $1 }
      let sy = dot(s, y)
      step = sy > 0 ? (long ? dot(s, s) / sy : sy / dot(y, y)) : initialStep
      (x, value, gradient) = (next, nextValue, nextGradient)
      k += 1
    }
    try run.result("f_final", value)
    try run.result("x", vector: x)
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

  static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
