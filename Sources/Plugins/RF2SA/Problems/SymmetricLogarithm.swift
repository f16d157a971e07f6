import Glibc
import LinearAlgebra

/// The matrix logarithm of an SPD matrix S = QΛQᵀ and its Fréchet derivative (Daleckiĭ–Kreĭn):
///
///   D log(S)[E] = Q·(Γ ∘ QᵀEQ)·Qᵀ,  Γᵢⱼ = (log λᵢ − log λⱼ)/(λᵢ − λⱼ),  Γᵢᵢ = 1/λᵢ.
///
/// The derivative is self-adjoint in the Frobenius inner product, so it is also its own adjoint, which is what
/// the gradient of ⟨log(WᵀAW), G⟩ with respect to W needs (testbed T2, spec §6.2).
struct SymmetricLogarithm {
  /// The eigendecomposition of S.
  let eigen: SymmetricEigen
  /// Γ, column-major.
  let divided: Matrix

  /// Decomposes S; throws when S is not positive definite.
  init(_ s: Matrix) throws {
    eigen = try SymmetricEigen(s.symmetrized())
    let lambda = eigen.values
    guard let smallest = lambda.first, smallest > 0 else {
      throw LinearAlgebraError(routine: "logm", info: 1, kind: .domain)
    }
    divided = Matrix(rows: lambda.count, cols: lambda.count) { i, j in
      let difference = lambda[i] - lambda[j]
      // log1p keeps the divided difference accurate when λᵢ and λⱼ are close.
      return difference == 0 ? 1 / lambda[j] : log1p(difference / lambda[j]) / difference
    }
  }

  /// log S.
  var value: Matrix { eigen.reconstructed(values: eigen.values.map { log($0) }) }

  /// D log(S)[E] for symmetric E.
  func derivative(_ e: Matrix) -> Matrix {
    let q = eigen.vectors
    let rotated = Matrix.product(q, e * q, transposeA: true).hadamard(divided)
    return (q * Matrix.product(rotated, q, transposeB: true)).symmetrized()
  }
}
