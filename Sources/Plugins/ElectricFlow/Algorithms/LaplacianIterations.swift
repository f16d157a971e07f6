import LinearAlgebra

/// The Laplacian solvers of electric-flow.md §3.2–§3.3 written directly as matrix iterations on one graph: the
/// closed forms the transformer constructions must reproduce, and what the eigenbasis evaluation of
/// ``SpectralFilterLoss`` is tested against.
enum LaplacianIterations {
  /// Plain GD from Φ = 0: Φ ← Φ − η(LΦ − Ψ), `steps` times.
  static func gradientDescent(_ l: Matrix, _ psi: Matrix, eta: Double, steps: Int) -> Matrix {
    var phi = Matrix(rows: psi.rows, cols: psi.cols)
    for _ in 0..<steps {
      var next = phi + eta * psi
      next.addProduct(l, phi, alpha: -eta)
      phi = next
    }
    return phi
  }

  /// Σ_{ℓ<count} c_ℓ·M^ℓΨ with M = I − ηL.
  static func series(_ l: Matrix, _ psi: Matrix, eta: Double, coefficients: [Double]) -> Matrix {
    var power = psi
    var sum = Matrix(rows: psi.rows, cols: psi.cols)
    for c in coefficients {
      sum += c * power
      var next = power
      next.addProduct(l, power, alpha: -eta)
      power = next
    }
    return sum
  }

  /// η·Π_{j<factors}(I + M^{2^j})·Ψ, M = I − ηL, squaring M each factor.
  static func repeatedSquaring(_ l: Matrix, _ psi: Matrix, eta: Double, factors: Int) -> Matrix {
    var m = Matrix.identity(l.rows) - eta * l
    var phi = eta * psi
    for _ in 0..<factors {
      phi += Matrix.product(m, phi)
      m = Matrix.product(m, m)
    }
    return phi
  }
}

extension LaplacianIterations {
  /// One step of subspace (simultaneous) iteration, spec §3.3: Q ← QR(M·Q) with M = c·I − L̃, through LAPACK's
  /// Householder QR with diag(R) ≥ 0 (the shared ``QR``), so the column signs are a function of M·Q.
  static func subspaceIterationStep(_ m: Matrix, _ q: Matrix) throws -> Matrix {
    try QR(Matrix.product(m, q)).q
  }
}
