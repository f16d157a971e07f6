import Glibc
import LinearAlgebra
import SeededRandom

@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _pow(_ x: Double, _ p: Double) -> Double { pow(x, p) }

/// Small helpers shared by the SPD problems: drawing data and evaluating on the cone.
enum SPDMath {
  /// expm(s·Ξ) for a symmetric Gaussian Ξ (Ξᵢᵢ ~ N(0, 1), Ξᵢⱼ = Ξⱼᵢ ~ N(0, ½)): a random SPD matrix whose
  /// log-eigenvalues have spread about s.
  static func randomSPD(_ n: Int, spread: Double, rng: inout CatalogueRandom) throws -> Matrix {
    var xi = Matrix(rows: n, cols: n)
    let halfRoot = 0.5.squareRoot()
    for j in 0..<n {
      xi[j, j] = rng.normal()
      for i in (j + 1)..<n {
        let z = halfRoot * rng.normal()
        xi[i, j] = z
        xi[j, i] = z
      }
    }
    return try (spread * xi).symmetricExp()
  }

  /// N Gaussian samples of N(0, Σ) as the columns of an n×N matrix (Σ = LLᵀ).
  static func samples(_ sigma: Matrix, count: Int, rng: inout CatalogueRandom) throws -> Matrix {
    let z = Matrix(rows: sigma.rows, cols: count, elements: rng.normals(sigma.rows * count))
    return try Cholesky(sigma).multiplyLower(z)
  }

  /// The Cholesky factor of sym(Σ), or nil when Σ is not positive definite (f = +∞ there).
  static func factor(_ sigma: [Double], n: Int) -> Cholesky? {
    try? Cholesky(Matrix(rows: n, cols: n, elements: sigma).symmetrized())
  }

  /// Σ / det(Σ)^{1/n}: the representative of a scale class with determinant 1.
  static func unitDeterminant(_ sigma: Matrix) throws -> Matrix {
    let logDet = try Cholesky(sigma.symmetrized()).logDeterminant
    return sigma * _exp(-logDet / Double(sigma.rows))
  }
}
