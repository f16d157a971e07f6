import CatalogueSDK
import SeededRandom

/// SPD(2) with the affine-invariant metric in closed form: the 2×2 eigen-calculus of ``SymmetricTwoByTwo`` in
/// place of the LAPACK calls of the Manifolds module's general `SPD(n)`, for the SPD(2) Gaussian's chains.
///
/// Same manifold, layout (a full column-major 2×2 matrix), name (`spd(2)`) and formulas as `SPD(2)` (spec §2.4),
/// checked against it to 1e-12 in the tests: ⟨U, V⟩_X = tr(X⁻¹UX⁻¹V); Exp_X(V) = X^{1/2} expm(X^{−1/2}VX^{−1/2})
/// X^{1/2}; the retraction X + V + ½VX⁻¹V; tangent Gaussians X^{1/2}SX^{1/2} with S_ii ~ N(0, 1), S_21 ~ N(0, ½)
/// drawn in `SPD`'s order (S₁₁, S₂₁, S₂₂). For a 2×2 block a LAPACK call costs more than the arithmetic; every
/// operation here is a fixed sequence of scalar operations on stack storage, and the batched forms run the same
/// kernels, so a batch equals the per-point loop bit for bit. The logarithm and distance are not needed by the
/// samplers and are not offered; transport is the projection.
struct SPDTwo: Geometry {
  var name: String { "spd(2)" }
  var pointSize: Int { 4 }
  var dimension: Int { 3 }
  var hasExp: Bool { true }
  var hasLog: Bool { false }
  var hasDistance: Bool { false }

  /// C = A·B for column-major 2×2 matrices.
  @inline(__always)
  static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>) {
    c[0] = a[0] * b[0] + a[2] * b[1]
    c[1] = a[1] * b[0] + a[3] * b[1]
    c[2] = a[0] * b[2] + a[2] * b[3]
    c[3] = a[1] * b[2] + a[3] * b[3]
  }

  /// out = sym(R·M·R), the congruence of M by a symmetric R (scratch: 4 doubles).
  @inline(__always)
  static func congruence(
    _ r: UnsafePointer<Double>, _ m: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
    scratch: UnsafeMutablePointer<Double>
  ) {
    multiply(m, r, scratch)
    multiply(r, scratch, out)
    symmetrize(out)
  }

  /// M ← (M + Mᵀ)/2.
  @inline(__always)
  static func symmetrize(_ m: UnsafeMutablePointer<Double>) {
    let offDiagonal = (m[1] + m[2]) / 2
    m[1] = offDiagonal
    m[2] = offDiagonal
  }

  /// The eigendecomposition of a point, which must be positive definite.
  @inline(__always)
  func eigen(_ x: UnsafePointer<Double>, _ operation: StaticString) throws -> SymmetricTwoByTwo {
    let e = SymmetricTwoByTwo(x)
    guard e.smaller > 0 && e.larger.isFinite else {
      throw PluginError(.invalidArgument, "\(name).\(operation): x is not positive definite")
    }
    return e
  }

  /// Runs `body` with 16 doubles of stack scratch space.
  @inline(__always)
  func withScratch<R>(_ body: (UnsafeMutablePointer<Double>) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { try body($0.baseAddress!) }
  }

  /// Applies a pointwise kernel to arrays (the per-point operations), checking sizes.
  @inline(__always)
  func single(
    _ a: [Double], _ b: [Double], _ operation: StaticString,
    _ kernel: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) throws -> Void
  ) throws -> [Double] {
    guard a.count == 4 && b.count == 4 else {
      throw PluginError(.invalidArgument, "\(name).\(operation): inputs need 4 doubles, got \(a.count), \(b.count)")
    }
    return try [Double](unsafeUninitializedCapacity: 4) { out, count in
      try kernel(a, b, out.baseAddress!)
      count = 4
    }
  }

  // Kernels: one point (4 doubles per input and output).

  func projectKernel(_ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    out[0] = u[0]
    out[1] = u[1]
    out[2] = u[2]
    out[3] = u[3]
    Self.symmetrize(out)
  }

  /// X·sym(G)·X, symmetrised.
  func gradientKernel(_ x: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
    withScratch { s in
      projectKernel(x, g, s)
      Self.multiply(s, x, s + 4)
      Self.multiply(x, s + 4, out)
      Self.symmetrize(out)
    }
  }

  /// sym(X) + sym(V) + ½·sym(V X⁻¹ V).
  func retractKernel(
    _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let e = try eigen(x, "retract")
    withScratch { s in
      e.apply({ 1 / $0 }, into: s)
      projectKernel(x, v, s + 4)
      Self.multiply(s, s + 4, s + 8)
      Self.multiply(s + 4, s + 8, s + 12)
      Self.symmetrize(s + 12)
      projectKernel(x, x, out)
      for i in 0..<4 { out[i] = out[i] + s[4 + i] + 0.5 * s[12 + i] }
    }
  }

  /// X^{1/2} expm(X^{−1/2} sym(V) X^{−1/2}) X^{1/2}, symmetrised.
  func expKernel(_ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    let e = try eigen(x, "exp")
    withScratch { s in
      e.apply({ $0.squareRoot() }, into: s)
      e.apply({ 1 / $0.squareRoot() }, into: s + 4)
      projectKernel(x, v, s + 8)
      Self.congruence(s + 4, s + 8, s + 12, scratch: out)
      SymmetricTwoByTwo(s + 12).apply({ _exp($0) }, into: s + 8)
      Self.congruence(s, s + 8, out, scratch: s + 12)
    }
  }

  /// S with S₁₁, S₂₂ ~ N(0, 1), S₂₁ = S₁₂ ~ N(0, ½) (three draws), then sym(X^{1/2} S X^{1/2}).
  func gaussianKernel(
    _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let e = try eigen(x, "tangentGaussian")
    let halfRoot = 0.5.squareRoot()
    withScratch { s in
      s[4] = rng.normal()
      let z = halfRoot * rng.normal()
      s[5] = z
      s[6] = z
      s[7] = rng.normal()
      e.apply({ $0.squareRoot() }, into: s)
      Self.congruence(s, s + 4, out, scratch: s + 8)
    }
  }

  // The Geometry operations, per point.

  func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    guard x.count == 4 && u.count == 4 && v.count == 4 else {
      throw PluginError(.invalidArgument, "\(name).inner: inputs need 4 doubles")
    }
    let e = try x.withUnsafeBufferPointer { try eigen($0.baseAddress!, "inner") }
    return withScratch { s in
      e.apply({ 1 / $0 }, into: s)
      Self.multiply(s, u, s + 4)
      Self.multiply(s, v, s + 8)
      let (a, b) = (s + 4, s + 8)
      return a[0] * b[0] + a[2] * b[1] + a[1] * b[2] + a[3] * b[3]
    }
  }

  func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try single(x, u, "project") { projectKernel($0, $1, $2) }
  }

  func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try single(x, egrad, "riemannianGradient") { gradientKernel($0, $1, $2) }
  }

  func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try single(x, v, "retract") { try retractKernel($0, $1, $2) }
  }

  func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try single(x, v, "exp") { try expKernel($0, $1, $2) }
  }

  func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    throw PluginError(.unsupported, "\(name) (closed-form SPD(2) of riemannian-langevin) offers no logarithm")
  }

  func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try project(y, u)
  }

  func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    throw PluginError(.unsupported, "\(name) (closed-form SPD(2) of riemannian-langevin) offers no distance")
  }

  /// Exp_I(ξ) for a tangent Gaussian ξ at the identity, as `SPD(2)`.
  func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    let identity: [Double] = [1, 0, 0, 1]
    return try exp(identity, try tangentGaussian(identity, &rng))
  }

  func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    guard x.count == 4 else { throw PluginError(.invalidArgument, "\(name).tangentGaussian: x needs 4 doubles") }
    return try [Double](unsafeUninitializedCapacity: 4) { out, count in
      try x.withUnsafeBufferPointer { try gaussianKernel($0.baseAddress!, &rng, out.baseAddress!) }
      count = 4
    }
  }

  /// ‖X − Xᵀ‖_F, plus |λ_min| (at least the smallest normal double) when sym(X) is not positive definite.
  func manifoldError(_ x: [Double]) throws -> Double {
    guard x.count == 4 else { throw PluginError(.invalidArgument, "\(name).manifoldError: x needs 4 doubles") }
    let asymmetry = abs(x[1] - x[2]) * 2.0.squareRoot()
    let smallest = SymmetricTwoByTwo(x).smaller
    if smallest > 0 { return asymmetry }
    return asymmetry + Swift.max(abs(smallest), Double.leastNormalMagnitude)
  }

  // Batched operations (ABI 1.1): the same kernels over flat buffers.

  func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count { projectKernel(x + 4 * p, u + 4 * p, out + 4 * p) }
  }

  func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count { gradientKernel(x + 4 * p, egrad + 4 * p, out + 4 * p) }
  }

  func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count { try retractKernel(x + 4 * p, v + 4 * p, out + 4 * p) }
  }

  func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count { try expKernel(x + 4 * p, v + 4 * p, out + 4 * p) }
  }

  func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count { try gaussianKernel(x + 4 * p, &rng, out + 4 * p) }
  }
}
