import CatalogueSDK
import LinearAlgebra

/// `hypergradient-error`: the error of the first-order hypergradients at one fixed x as the penalty tightens, so
/// the rates of spec §4.2–4.3 become a trace whose log–log slope a claim can check.
///
/// Row k ≥ 1 uses α_k = α_max/k (`oracle = ineq`, F2CBA with α₁ = α_k⁻², α₂ = α_k⁻⁴) or λ_k = λ_min·k
/// (`oracle = eq`, Algorithm 1-EQ); row 0 repeats row 1 (the host's iteration 0 has no logarithm). So an error
/// O(α²) shows as slope −2 of log(grad_error_rel) against log(iteration), and O(1/λ) as slope −1.
enum HypergradientError {
  static let algorithm = Algorithm(
    id: "hypergradient-error",
    name: "Hypergradient error against the penalty (α or λ sweep at fixed x)",
    summary: "Error of the F2CBA (α_k = α_max/k) or 1-EQ (λ_k = λ_min·k) hypergradient against the exact one at x₀",
    provenance: .reconstructed(
      "A diagnostic of this catalogue, not an algorithm of the paper: it evaluates the f2cba and f2cba-eq oracles. "
        + "The expected rates are the spec's: O(α²) for affine constraints with the code's weights (a Taylor "
        + "argument, [R]; the paper claims O(α)) and O(1/λ) for Algorithm 1-EQ."),
    accepts: [.bilevel],
    needs: [.euclidean],
    defaultProblem: "lincon-toy",
    defaultMaxIterations: 30,
    parameters: [
      .choice("oracle", default: "ineq", choices: ["ineq", "eq"], help: "ineq: F2CBA α sweep; eq: 1-EQ λ sweep"),
      .real("alpha_max", default: 0.3, max: 1, above: 0, logScale: true, help: "α of rows 0 and 1 (ineq)"),
      .real("lambda_min", default: 10, above: 0, logScale: true, help: "λ of rows 0 and 1 (eq)"),
    ] + F2CBAParameters.oracle + F2CBAParameters.innerSolver
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let parameters = run.parameters
    let equality = try parameters.string("oracle") == "eq"
    let alphaMax = try parameters.real("alpha_max")
    let lambdaMin = try parameters.real("lambda_min")
    try run.declareTrace(["f", "grad_norm", "grad_error", "grad_error_rel", equality ? "lambda" : "alpha"])
    let x = try problem.initialPoint().x
    let exact = try run.uncounted { try ReferenceHypergradient(problem).evaluate(at: x) }
    let exactNorm = ArrayMath.norm(exact.gradient)
    var k = 0
    while true {
      let scale = Double(max(k, 1))
      let v: [Double]
      let penalty: Double
      if equality {
        penalty = lambdaMin * scale
        let oracle = try EqualityOracle(problem, lambda: penalty)
        try F2CBAParameters.configure(oracle.penaltySolver, parameters)
        let e = try oracle.evaluate(at: x)
        run.count(.innerStep, e.innerSteps)
        v = e.gradient
      } else {
        penalty = alphaMax / scale
        let oracle = try F2CBAOracle(problem, settings: try F2CBAParameters.settings(parameters, alpha: penalty))
        try F2CBAParameters.configure(oracle.penaltySolver, parameters)
        let e = try oracle.evaluate(at: x)
        run.count(.innerStep, e.innerSteps)
        v = e.gradient
      }
      let error = ArrayMath.distance(v, exact.gradient)
      let row = [exact.value, ArrayMath.norm(v), error, error / exactNorm, penalty]
      guard run.report(iteration: k, row) else { break }
      k += 1
    }
    try run.result("exact_grad_norm", exactNorm)
    try run.result("x", vector: x)
  }
}
