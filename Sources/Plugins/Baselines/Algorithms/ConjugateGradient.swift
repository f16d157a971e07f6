import CatalogueSDK
import LinearAlgebra

/// Linear conjugate gradient (Hestenes & Stiefel 1952) on the quadratic model of f at the current point, using
/// Hessian-vector products only. On a quadratic it is the classical method, exact in at most n steps; on other
/// problems the model is rebuilt every `restart` steps (a truncated Newton method).
enum ConjugateGradient {
  static let algorithm = Algorithm(
    id: "cg",
    name: "Linear conjugate gradient",
    summary: "Hestenes–Stiefel CG with Hessian-vector products; exact in ≤ n steps on an n-dim quadratic",
    provenance: .standard("checked: exact in at most n steps on n-dimensional quadratics"),
    citation: Citation(
      authors: "Hestenes, Stiefel", title: "Methods of conjugate gradients for solving linear systems",
      venue: "Journal of Research of the National Bureau of Standards", year: 1952),
    accepts: [.objective],
    needs: [.euclidean, .hessianVector],
    defaultProblem: "quadratic",
    defaultMaxIterations: 200,
    parameters: [
      .real(
        "tolerance", default: 1e-10, above: 0, logScale: true,
        help: "stop when the model residual falls below tolerance × its initial norm"),
      .int("restart", default: 0, in: 0...1_000_000, help: "rebuild the model every this many steps (0 = dimension)"),
    ]
  ) { run in
    let f = try run.problem.objective()
    let tolerance = try run.parameters.real("tolerance")
    let restartParameter = try run.parameters.int("restart")
    let restart = restartParameter == 0 ? f.dimension : restartParameter
    let trace = try ObjectiveTrace(run, f)
    var x = try f.initialPoint()
    var k = 0
    var initialResidual: Double?
    outer: while true {
      let base = x
      let (_, g) = try f.gradient(x)
      var r = ArrayMath.scale(-1, g)
      var p = r
      var rr = ArrayMath.dot(r, r)
      if initialResidual == nil { initialResidual = rr.squareRoot() }
      for _ in 0..<restart {
        guard try trace.report(iteration: k, x) else { break outer }
        let relative = rr.squareRoot() / max(initialResidual!, Double.leastNormalMagnitude)
        if relative <= tolerance {
          run.finish(.converged, "relative residual \(relative) ≤ tolerance \(tolerance)")
          break outer
        }
        let ap = try f.hessianVector(base, p)
        let curvature = ArrayMath.dot(p, ap)
        guard curvature > 0 else {
          run.finish(.converged, "non-positive curvature \(curvature) along the search direction")
          break outer
        }
        let alpha = rr / curvature
        x = ArrayMath.axpy(x, alpha, p)
        r = ArrayMath.axpy(r, -alpha, ap)
        let rrNext = ArrayMath.dot(r, r)
        p = ArrayMath.axpy(r, rrNext / rr, p)
        rr = rrNext
        k += 1
      }
    }
    try trace.finish(x)
  }

  /// Solves H s = rhs for a symmetric positive definite H given by its products (used to compute reference
  /// optimal values); returns the best iterate after `maxIterations` steps or on reaching `tolerance` relative.
  static func solve(
    rhs: [Double], tolerance: Double, maxIterations: Int, apply: ([Double]) throws -> [Double]
  ) throws -> [Double] {
    var s = [Double](repeating: 0, count: rhs.count)
    var r = rhs
    var p = r
    var rr = ArrayMath.dot(r, r)
    let stop = tolerance * rr.squareRoot()
    for _ in 0..<maxIterations where rr.squareRoot() > stop {
      let hp = try apply(p)
      let curvature = ArrayMath.dot(p, hp)
      guard curvature > 0 else { break }
      let alpha = rr / curvature
      s = ArrayMath.axpy(s, alpha, p)
      r = ArrayMath.axpy(r, -alpha, hp)
      let rrNext = ArrayMath.dot(r, r)
      p = ArrayMath.axpy(r, rrNext / rr, p)
      rr = rrNext
    }
    return s
  }
}
