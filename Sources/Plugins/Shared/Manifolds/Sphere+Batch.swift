import CatalogueSDK
import SeededRandom

/// The sphere's batched operations (ABI 1.1): the per-point formulas of Sphere.swift over flat buffers, in the
/// same order of floating-point operations, so each equals the per-point loop bit for bit (tested) without its
/// copies and allocations.
extension Sphere {
  /// Σ aᵢbᵢ over n doubles, summed in index order as ``ArrayKernels/dot(_:_:)``.
  @inline(__always)
  func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
    var s = 0.0
    for i in 0..<n { s += a[i] * b[i] }
    return s
  }

  /// y ← y/‖y‖ as ``normalized(_:_:)``, with its error for a zero or non-finite y.
  @inline(__always)
  func normalize(_ y: UnsafeMutablePointer<Double>, _ operation: StaticString) throws {
    let r = dot(y, y).squareRoot()
    guard r > 0 && r.isFinite else {
      throw PluginError(.numerical, "\(name).\(operation): the result has norm \(r) and cannot be normalised")
    }
    let scale = 1 / r
    for i in 0..<n { y[i] *= scale }
  }

  public func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count {
      let (x, u, out) = (x + p * n, u + p * n, out + p * n)
      let c = -dot(x, u)
      for i in 0..<n { out[i] = 1 * u[i] + c * x[i] }
    }
  }

  public func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>
  ) throws {
    try projectBatch(count: count, x, egrad, out)
  }

  public func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count {
      let (x, v, out) = (x + p * n, v + p * n, out + p * n)
      for i in 0..<n { out[i] = 1 * x[i] + 1 * v[i] }
      try normalize(out, "retract")
    }
  }

  public func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count {
      let (x, v, out) = (x + p * n, v + p * n, out + p * n)
      let r = dot(v, v).squareRoot()
      let (a, b) = r < Self.smallStep ? (1.0, 1.0) : (_cos(r), _sin(r) / r)
      for i in 0..<n { out[i] = a * x[i] + b * v[i] }
      try normalize(out, "exp")
    }
  }

  /// Point p's n normals, then their projection onto T_{x_p}: the draws of ``tangentGaussian(_:_:)`` in order.
  public func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    for p in 0..<count {
      let (x, out) = (x + p * n, out + p * n)
      for i in 0..<n { out[i] = rng.normal() }
      let c = -dot(x, out)
      for i in 0..<n { out[i] = 1 * out[i] + c * x[i] }
    }
  }
}
