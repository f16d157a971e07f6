import SeededRandom

/// The batched operations' defaults: a loop over the per-point operations, so every manifold (the catalogue's own
/// and any third party's) has the ABI 1.1 batched entries with results identical to per-point calls.
extension Geometry {
  /// Applies a per-point map of two inputs to `count` points, copying each point in and its result out.
  @inline(__always)
  func pointwise(
    count: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
    _ what: StaticString, _ body: ([Double], [Double]) throws -> [Double]
  ) throws {
    let n = pointSize
    for i in 0..<count {
      let y = try body(Bridge.array(a + i * n, n), Bridge.array(b + i * n, n))
      try Bridge.write(y, to: out + i * n, count: n, "\(name).\(what)")
    }
  }

  public func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try pointwise(count: count, x, u, out, "project") { try project($0, $1) }
  }

  public func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>
  ) throws {
    try pointwise(count: count, x, egrad, out, "egrad_to_rgrad") { try riemannianGradient($0, euclidean: $1) }
  }

  public func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try pointwise(count: count, x, v, out, "retract") { try retract($0, $1) }
  }

  public func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try pointwise(count: count, x, v, out, "exp") { try exp($0, $1) }
  }

  public func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    let n = pointSize
    for i in 0..<count {
      let y = try tangentGaussian(Bridge.array(x + i * n, n), &rng)
      try Bridge.write(y, to: out + i * n, count: n, "\(name).tangent_gaussian")
    }
  }
}
