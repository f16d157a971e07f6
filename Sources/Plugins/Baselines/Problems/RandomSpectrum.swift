import Glibc
import LinearAlgebra
import SeededRandom

/// Dense symmetric matrices with a prescribed spectrum, A = Q diag(λ) Qᵀ, for test problems whose optimal
/// values and condition numbers must be known exactly.
enum RandomSpectrum {
  /// Returns the column-major n × n matrix Q diag(λ) Qᵀ with Q a product of n random Householder reflections
  /// (a random orthogonal matrix; generating it needs no factorisation).
  static func matrix(eigenvalues: [Double], rng: inout CatalogueRandom) -> [Double] {
    let n = eigenvalues.count
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { a[i * n + i] = eigenvalues[i] }
    for _ in 0..<n {
      let v = rng.unitVector(n)
      // A ← H A H with H = I − 2vvᵀ: A − 2v(Aᵀv)ᵀ − 2(Av)vᵀ + 4(vᵀAv)vvᵀ, A symmetric so Aᵀv = Av.
      let av = ArrayMath.matrixProduct(a, v, n: n)
      let vav = ArrayMath.dot(v, av)
      for j in 0..<n {
        for i in 0..<n {
          a[j * n + i] += -2 * v[i] * av[j] - 2 * av[i] * v[j] + 4 * vav * v[i] * v[j]
        }
      }
    }
    // Symmetrise away round-off so Hessian products are exactly symmetric.
    for j in 0..<n {
      for i in (j + 1)..<n {
        let s = 0.5 * (a[j * n + i] + a[i * n + j])
        a[j * n + i] = s
        a[i * n + j] = s
      }
    }
    return a
  }

  /// n eigenvalues spaced geometrically from `low` to `high`.
  static func geometric(count n: Int, low: Double, high: Double) -> [Double] {
    guard n > 1 else { return [low] }
    return (0..<n).map { i in low * pow(high / low, Double(i) / Double(n - 1)) }
  }
}
