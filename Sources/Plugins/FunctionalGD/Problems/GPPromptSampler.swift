import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// A sampler of Gaussian-process regression prompts (functional-gd.md §3, §5.1): n + 1 points on the unit sphere,
/// optionally mapped by Σ^{1/2}, and labels y ~ N(0, K(X) + jitter·I) drawn jointly for the context and the query.
///
/// Each prompt costs one (n+1)×(n+1) Cholesky factorisation through LAPACK (plus, for the ReLU kernel, one
/// symmetric eigendecomposition to form K₊). Draw order per prompt: for each of the n + 1 points its d normals
/// (normalised to the sphere, then mapped by Σ^{1/2}), then n + 1 normals g with y = L·g, L the Cholesky factor.
/// A GP prompt has no task vector, so the `tasks` block of the batch is zero.
public struct GPPromptSampler: RegressionTaskSampler {
  public let featureDimension: Int
  public let contextLength: Int
  public var noiseStd: Double { 0 }
  /// The data kernel.
  public let kernel: DataKernel
  /// α in K(u, v) = κ(α·⟨u, v⟩): 1, or 1/d for the exp kernel with the unofficial code's scaling.
  public let scale: Double
  /// The diagonal jitter added before the factorisation.
  public let jitter: Double
  /// Σ^{1/2} = Uᵀ·D^{1/2}·U (identity when isotropic).
  public let rootCovariance: Matrix

  /// Creates a sampler; `rootCovariance` is d×d.
  public init(
    featureDimension d: Int, contextLength n: Int, kernel: DataKernel, scale: Double, jitter: Double,
    rootCovariance: Matrix
  ) throws {
    guard d >= 1, n >= 1 else { throw PluginError(.invalidArgument, "d and n must be at least 1 (d = \(d), n = \(n))") }
    guard jitter >= 0, jitter.isFinite, scale > 0, scale.isFinite else {
      throw PluginError(
        .invalidArgument, "jitter must be ≥ 0 and the kernel scale > 0 (jitter \(jitter), scale \(scale))")
    }
    guard rootCovariance.rows == d, rootCovariance.cols == d else {
      throw PluginError(.invalidArgument, "Σ^{1/2} must be \(d)×\(d)")
    }
    featureDimension = d
    contextLength = n
    self.kernel = kernel
    self.scale = scale
    self.jitter = jitter
    self.rootCovariance = rootCovariance
  }

  /// Draws `batch` prompts in the `cat_regression_oracles` layout.
  public func sample(batch: Int, rng: inout CatalogueRandom) throws -> RegressionBatch {
    guard batch >= 0 else { throw PluginError(.invalidArgument, "batch must be ≥ 0, got \(batch)") }
    let d = featureDimension
    let points = contextLength + 1
    var features = [Double]()
    features.reserveCapacity(d * points * batch)
    var targets = [Double]()
    targets.reserveCapacity(points * batch)
    for _ in 0..<batch {
      var xi = Matrix(rows: d, cols: points)
      for j in 0..<points {
        var squaredNorm = 0.0
        for i in 0..<d {
          let z = rng.normal()
          xi[i, j] = z
          squaredNorm += z * z
        }
        let inverseNorm = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
        for i in 0..<d { xi[i, j] *= inverseNorm }
      }
      let x = Matrix.product(rootCovariance, xi)
      let factor = try Cholesky(kernel.jointCovariance(x, scale: scale, jitter: jitter)).lower
      let g = Vector(rng.normals(points))
      features += x.elements
      targets += Matrix.product(factor, g).elements
    }
    return RegressionBatch(
      features: features, targets: targets, tasks: [Double](repeating: 0, count: d * batch))
  }

  /// E[x·xᵀ] = Σ^{1/2}·Σ^{1/2}/d for ξ uniform on the sphere.
  public func covariance() throws -> [Double]? {
    Matrix.product(rootCovariance, rootCovariance, transposeB: true, alpha: 1 / Double(featureDimension)).elements
  }
}
