import LinearAlgebra

/// Scale-free distances between a learned preconditioner and the forms the theorems predict.
///
/// The official notebooks plot the "distance to identity" ‖M − (tr M/d)·I‖_F / ‖M‖_F of each learned block
/// (preconditioned-gd.md §3.1); Theorems 3 and 4 predict blocks a_ℓ·Σ⁻¹, so the same projection is taken onto the
/// line through Σ⁻¹. The closed form of Theorem 1 is compared in relative Frobenius norm.
public enum PreconditionerGeometry {
  /// ‖M − (tr M/d)·I‖_F / ‖M‖_F (0 for a multiple of I; NaN for M = 0).
  public static func identityDistance(_ m: Matrix) -> Double {
    multipleDistance(m, of: Matrix.identity(m.rows)).distance
  }

  /// The best multiple a·S of `s` (a = ⟨M, S⟩_F / ‖S‖²_F) and ‖M − a·S‖_F / ‖M‖_F.
  public static func multipleDistance(_ m: Matrix, of s: Matrix) -> (coefficient: Double, distance: Double) {
    let coefficient = m.frobeniusInner(s) / s.frobeniusInner(s)
    return (coefficient, (m - s * coefficient).frobeniusNorm / m.frobeniusNorm)
  }

  /// ‖A − B‖_F / ‖B‖_F.
  public static func relativeDistance(_ a: Matrix, to b: Matrix) -> Double {
    (a - b).frobeniusNorm / b.frobeniusNorm
  }
}
