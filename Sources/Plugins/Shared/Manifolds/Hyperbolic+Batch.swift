import CatalogueSDK
import SeededRandom

/// The hyperboloid's batched operations (ABI 1.1): the per-point formulas of Hyperbolic.swift over flat buffers,
/// in the same order of floating-point operations, so each equals the per-point loop bit for bit (tested) without
/// its copies and allocations.
extension Hyperbolic {
  /// ⟨a, b⟩_L = −a₀b₀ + Σ_{i≥1} aᵢbᵢ, summed as ``ArrayKernels/minkowski(_:_:)``.
  @inline(__always)
  func minkowski(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
    var s = -a[0] * b[0]
    for i in 1...n { s += a[i] * b[i] }
    return s
  }

  /// x ← x/√(−⟨x, x⟩_L) as ``renormalized(_:_:)``, with its error off the upper sheet.
  @inline(__always)
  func renormalize(_ x: UnsafeMutablePointer<Double>, _ operation: StaticString) throws {
    let q = -minkowski(x, x)
    guard q > 0 && q.isFinite && x[0] > 0 else {
      throw PluginError(.numerical, "\(name).\(operation): the result left the hyperboloid (⟨x,x⟩_L = \(-q))")
    }
    let scale = 1 / q.squareRoot()
    for i in 0...n { x[i] *= scale }
  }

  public func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let size = n + 1
    for p in 0..<count {
      let (x, u, out) = (x + p * size, u + p * size, out + p * size)
      let c = minkowski(x, u)
      for i in 0...n { out[i] = 1 * u[i] + c * x[i] }
    }
  }

  /// g = J∇f (the first coordinate negated), then u ↦ g + ⟨x, g⟩_L·x.
  public func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>
  ) throws {
    let size = n + 1
    for p in 0..<count {
      let (x, e, out) = (x + p * size, egrad + p * size, out + p * size)
      for i in 0...n { out[i] = e[i] }
      out[0] = -out[0]
      let c = minkowski(x, out)
      for i in 0...n { out[i] = 1 * out[i] + c * x[i] }
    }
  }

  public func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try expBatch(count: count, x, v, out)
  }

  public func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let size = n + 1
    for p in 0..<count {
      let (x, v, out) = (x + p * size, v + p * size, out + p * size)
      let r = Swift.max(minkowski(v, v), 0).squareRoot()
      let (a, b) = r < Self.smallStep ? (1.0, 1.0) : (_cosh(r), _sinh(r) / r)
      for i in 0...n { out[i] = a * x[i] + b * v[i] }
      try renormalize(out, "exp")
    }
  }

  /// (0, z) at the origin transported to x_p, with the draws of ``tangentGaussian(_:_:)`` in order.
  public func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let size = n + 1
    for p in 0..<count {
      let (x, v) = (x + p * size, out + p * size)
      var xv = 0.0
      for i in 1...n {
        let z = rng.normal()
        v[i] = z
        xv += x[i] * z
      }
      let c = xv / (1 + x[0])
      v[0] = c * (1 + x[0])
      for i in 1...n { v[i] += c * x[i] }
    }
  }
}
