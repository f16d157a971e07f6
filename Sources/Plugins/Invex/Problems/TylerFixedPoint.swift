import CatalogueSDK
import LinearAlgebra

/// Tyler's estimator by his fixed-point iteration Σ ← (n/N)·Σᵢ xᵢxᵢᵀ/(xᵢᵀΣ⁻¹xᵢ), renormalised to det Σ = 1 each step
/// (the map commutes with scaling, so this only fixes the representative). Stops when consecutive iterates differ
/// by less than 1e-14 in Frobenius norm.
enum TylerFixedPoint {
  static func estimate(_ data: Matrix) throws -> Matrix {
    let n = data.rows
    let count = data.cols
    var sigma = Matrix.identity(n)
    for _ in 0..<100_000 {
      let inverse = try Cholesky(sigma).inverse()
      var next = Matrix(rows: n, cols: n)
      for i in 0..<count {
        let x = data.column(i)
        let w = Matrix.product(inverse, Vector(x)).elements
        let q = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
        for c in 0..<n {
          for r in 0..<n { next[r, c] += Double(n) / Double(count) * x[r] * x[c] / q }
        }
      }
      next = try SPDMath.unitDeterminant(next.symmetrized())
      let change = (next - sigma).frobeniusNorm
      sigma = next
      if change < 1e-14 { return sigma }
    }
    throw PluginError(.numerical, "tyler: the reference fixed-point iteration did not converge")
  }
}
