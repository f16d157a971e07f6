/// The eigendecomposition of a symmetric 2×2 matrix [[a, b], [b, c]] in closed form, for the SPD(2) Gaussian's
/// matrix functions (logm, X⁻¹): a fixed-size block where a LAPACK call would cost more than the arithmetic.
///
/// λ± = m ± ρ with m = (a + c)/2, ρ = hypot((a − c)/2, b); the eigenvector of λ₊ is (cos θ, sin θ) with
/// θ = ½ atan2(2b, a − c).
struct SymmetricTwoByTwo {
  let larger: Double
  let smaller: Double
  let cosine: Double
  let sine: Double

  /// From a column-major 2×2 array (symmetrised: b = (x[1] + x[2])/2).
  init(_ x: [Double]) {
    self.init(x[0], (x[1] + x[2]) / 2, x[3])
  }

  /// From a column-major 2×2 matrix in a flat buffer (symmetrised as the array form).
  init(_ x: UnsafePointer<Double>) {
    self.init(x[0], (x[1] + x[2]) / 2, x[3])
  }

  /// From the entries a, b, c of [[a, b], [b, c]].
  init(_ a: Double, _ b: Double, _ c: Double) {
    let m = (a + c) / 2
    let half = (a - c) / 2
    let rho = (half * half + b * b).squareRoot()
    larger = m + rho
    smaller = m - rho
    let theta = 0.5 * _atan2(2 * b, a - c)
    cosine = _cos(theta)
    sine = _sin(theta)
  }

  /// f(X) = f(λ₊) v₊v₊ᵀ + f(λ₋) v₋v₋ᵀ, column-major.
  func apply(_ f: (Double) -> Double) -> [Double] {
    [Double](unsafeUninitializedCapacity: 4) { out, count in
      apply(f, into: out.baseAddress!)
      count = 4
    }
  }

  /// f(X) written into four doubles, column-major.
  @inline(__always)
  func apply(_ f: (Double) -> Double, into out: UnsafeMutablePointer<Double>) {
    let p = f(larger)
    let q = f(smaller)
    let cc = cosine * cosine
    let ss = sine * sine
    let cs = cosine * sine
    let offDiagonal = (p - q) * cs
    out[0] = p * cc + q * ss
    out[1] = offDiagonal
    out[2] = offDiagonal
    out[3] = p * ss + q * cc
  }
}
