/// A solver for the Lyapunov (symmetric Sylvester) equation L·U + U·L = G with symmetric L (spec §4).
///
/// The eigendecomposition L = QΛQᵀ diagonalises the operator: with G̃ = QᵀGQ the solution is
/// U = Q[G̃_ij / (λ_i + λ_j)]Qᵀ. The decomposition is done once in the initialiser, so solving for several right-hand
/// sides (as ground-truth hypergradients on SPD do) costs only four products each. G need not be symmetric; when it
/// is, so is U. The equation is singular when λ_i + λ_j = 0 for some pair, which `solve` reports as `.singular`.
public struct SymmetricLyapunov: Sendable {
  /// The eigendecomposition of (the symmetric part of) L.
  public let eigen: SymmetricEigen

  /// Decomposes L (symmetrised against round-off first).
  public init(_ l: Matrix) throws {
    precondition(l.isSquare, "SymmetricLyapunov needs a square matrix")
    eigen = try SymmetricEigen(l.symmetrized())
  }

  /// The solution U of L·U + U·L = G; throws `.singular` (routine `lyap`, info = 1-based index i of an offending
  /// pair) when λ_i + λ_j vanishes relative to the spectrum.
  public func solve(_ g: Matrix) throws -> Matrix {
    let q = eigen.vectors
    let n = q.rows
    precondition(g.rows == n && g.cols == n, "SymmetricLyapunov.solve needs an n×n right-hand side")
    guard n > 0 else { return g }
    let lambda = eigen.values
    let scale = lambda.reduce(0) { Swift.max($0, abs($1)) }
    let floor = Double(n) * Double.ulpOfOne * scale
    var gt = Matrix.product(q, g * q, transposeA: true)
    for j in 0..<n {
      for i in 0..<n {
        let d = lambda[i] + lambda[j]
        if !(abs(d) > floor) { throw LinearAlgebraError(routine: "lyap", info: i + 1, kind: .singular) }
        gt.storage[i + j * n] /= d
      }
    }
    return q * Matrix.product(gt, q, transposeB: true)
  }
}
