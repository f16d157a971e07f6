import SeededRandom

/// A Riemannian manifold as algorithms see it: the Swift face of the ABI's `cat_geometry` table.
///
/// Algorithms only ever call these operations, so a problem can put its variable on any manifold — one of the
/// standard ones from the `Manifolds` module, or a third party's, possibly written in C and reached through
/// ``ForeignGeometry``. Points and tangent vectors share one ambient layout of ``pointSize`` doubles
/// (matrices column-major).
public protocol Geometry: Sendable {
  /// A human-readable name such as `stiefel(30,3)`.
  var name: String { get }
  /// Doubles per point and per tangent vector.
  var pointSize: Int { get }
  /// Intrinsic dimension, e.g. n − 1 for the sphere in ℝⁿ.
  var dimension: Int { get }
  /// Whether ``exp(_:_:)`` is available in closed form.
  var hasExp: Bool { get }
  /// Whether ``log(_:_:)`` is available in closed form.
  var hasLog: Bool { get }
  /// Whether ``distance(_:_:)`` is available.
  var hasDistance: Bool { get }

  /// The Riemannian metric ⟨u, v⟩ₓ.
  func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double
  /// Orthogonal projection of an ambient vector onto the tangent space at x.
  func project(_ x: [Double], _ u: [Double]) throws -> [Double]
  /// The Riemannian gradient from the Euclidean gradient of a smooth extension.
  func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double]
  /// A retraction Rₓ(v).
  func retract(_ x: [Double], _ v: [Double]) throws -> [Double]
  /// The exponential map Expₓ(v); throws ``PluginError`` `.unsupported` when ``hasExp`` is false.
  func exp(_ x: [Double], _ v: [Double]) throws -> [Double]
  /// The logarithm Logₓ(y); throws `.unsupported` when ``hasLog`` is false.
  func log(_ x: [Double], _ y: [Double]) throws -> [Double]
  /// Vector transport of u from Tₓ to T_y.
  func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double]
  /// Geodesic distance; throws `.unsupported` when ``hasDistance`` is false.
  func distance(_ x: [Double], _ y: [Double]) throws -> Double
  /// A random point drawn from `rng` (distribution documented by the manifold).
  func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double]
  /// A standard Gaussian in Tₓ with respect to the metric (E‖ξ‖²ₓ = ``dimension``).
  func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double]
  /// How far x is from the manifold; 0 for exact points.
  func manifoldError(_ x: [Double]) throws -> Double

  // Batched operations (ABI 1.1): `count` points of ``pointSize`` doubles back to back in flat buffers, outputs
  // never aliasing inputs. Each equals `count` per-point calls in order (the defaults in Geometry+Batch.swift are
  // exactly that loop); a manifold overrides them with an allocation-free loop when chains or batches make the
  // per-point calls' copies the bottleneck.

  /// ``project(_:_:)`` over `count` points.
  func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws
  /// ``riemannianGradient(_:euclidean:)`` over `count` points.
  func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>) throws
  /// ``retract(_:_:)`` over `count` points.
  func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws
  /// ``exp(_:_:)`` over `count` points; throws `.unsupported` when ``hasExp`` is false.
  func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws
  /// ``tangentGaussian(_:_:)`` over `count` points, drawing from `rng` for point 0, 1, … in turn.
  func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>)
    throws
}

extension Geometry {
  /// The Riemannian norm ‖u‖ₓ.
  public func norm(_ x: [Double], _ u: [Double]) throws -> Double {
    max(0, try inner(x, u, u)).squareRoot()
  }
}
