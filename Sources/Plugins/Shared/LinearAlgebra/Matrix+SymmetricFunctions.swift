/// Functions of symmetric matrices through the eigendecomposition, f(X) = Q f(Λ) Qᵀ (spec §2.4, §4).
///
/// Each one symmetrises its argument first (spec §2.4, tip) so that round-off asymmetry from earlier products is
/// averaged out rather than silently dropped by LAPACK's one-triangle read. Domain violations (log of a
/// non-positive eigenvalue, inverse root of a singular matrix) are thrown as ``LinearAlgebraError`` with
/// kind `.domain`, the function's name as `routine` and the 1-based index of the first offending eigenvalue as
/// `info`. Results are exactly symmetric.
extension Matrix {
  /// f(X) = Q f(Λ) Qᵀ for any scalar function f, the general case of the named functions below.
  public func symmetricFunction(_ f: (Double) throws -> Double) throws -> Matrix {
    try SymmetricEigen(symmetrized()).reconstructed(applying: f)
  }

  /// The matrix exponential of a symmetric matrix (always SPD).
  public func symmetricExp() throws -> Matrix {
    try symmetricFunction(_exp)
  }

  /// The principal logarithm of an SPD matrix; throws `.domain` for an eigenvalue ≤ 0.
  public func symmetricLog() throws -> Matrix {
    let e = try SymmetricEigen(symmetrized())
    try Self.requirePositive(e.values, "logm")
    return e.reconstructed(values: e.values.map(_log))
  }

  /// The principal square root X^{1/2} of a positive semidefinite matrix.
  ///
  /// Eigenvalues that are negative only by round-off (within 64·ε·max|λ|) are treated as zero, so a computed
  /// PSD matrix such as AᵀA does not fail; clearly negative ones throw `.domain`.
  public func symmetricSqrt() throws -> Matrix {
    let e = try SymmetricEigen(symmetrized())
    let scale = e.values.reduce(0) { Swift.max($0, abs($1)) }
    let slack = 64 * Double.ulpOfOne * scale
    if let i = e.values.firstIndex(where: { $0 < -slack }) {
      throw LinearAlgebraError(routine: "sqrtm", info: i + 1, kind: .domain)
    }
    return e.reconstructed(values: e.values.map { Swift.max($0, 0).squareRoot() })
  }

  /// The inverse square root X^{−1/2} of an SPD matrix; throws `.domain` for an eigenvalue ≤ 0.
  public func symmetricInverseSqrt() throws -> Matrix {
    let e = try SymmetricEigen(symmetrized())
    try Self.requirePositive(e.values, "inverse sqrtm")
    return e.reconstructed(values: e.values.map { 1 / $0.squareRoot() })
  }

  /// The power X^p. For a non-negative integer p any symmetric X is allowed; otherwise X must be SPD
  /// (throws `.domain`).
  public func symmetricPower(_ p: Double) throws -> Matrix {
    let e = try SymmetricEigen(symmetrized())
    if !(p >= 0 && p.rounded() == p) { try Self.requirePositive(e.values, "powm") }
    return e.reconstructed(values: e.values.map { _pow($0, p) })
  }

  /// Throws `.domain` naming the first eigenvalue that is not strictly positive.
  static func requirePositive(_ values: [Double], _ routine: String) throws {
    if let i = values.firstIndex(where: { !($0 > 0) }) {
      throw LinearAlgebraError(routine: routine, info: i + 1, kind: .domain)
    }
  }
}
