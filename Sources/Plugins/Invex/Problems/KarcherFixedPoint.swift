import CatalogueSDK
import LinearAlgebra

/// The Karcher mean by the classical fixed-point iteration X ← X^{1/2}·expm((1/N)·Σᵢ logm(X^{−1/2}AᵢX^{−1/2}))·X^{1/2}
/// from the log-Euclidean mean, with symmetric square roots (an independent route from the Cholesky-based problem
/// oracles and the Manifolds module). Stops when the update's log has Frobenius norm below 1e-13.
enum KarcherFixedPoint {
  static func mean(_ points: [Matrix]) throws -> Matrix {
    let count = Double(points.count)
    var logSum = Matrix(rows: points[0].rows, cols: points[0].cols)
    for a in points { logSum += try a.symmetricLog() }
    var x = try (logSum / count).symmetricExp()
    for _ in 0..<1000 {
      let root = try x.symmetricSqrt()
      let inverseRoot = try x.symmetricInverseSqrt()
      var average = Matrix(rows: x.rows, cols: x.cols)
      for a in points { average += try (inverseRoot * a * inverseRoot).symmetrized().symmetricLog() }
      average = (average / count).symmetrized()
      x = (root * (try average.symmetricExp()) * root).symmetrized()
      if average.frobeniusNorm < 1e-13 { return x }
    }
    throw PluginError(.numerical, "karcher-mean: the reference fixed-point iteration did not converge in 1000 steps")
  }
}
