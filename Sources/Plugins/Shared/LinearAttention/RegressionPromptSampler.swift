import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// A sampler of in-context linear regression prompts: n labelled points and one query that share a task vector w
/// (common-incontext-regression.md §1, after the official `generate_data`).
///
/// Every prompt draws a fresh w, its covariates x = U·D·ξ and labels y = ⟨w, x⟩ + σε; the query's true label is
/// returned separately by the embedding, never shown to the model. The rotation U is drawn once per instance, from
/// the problem's random stream, as the official notebooks draw it once per seed, so every algorithm run on one seed
/// faces the same covariance.
///
/// Draw order per prompt (fixed, so a seed gives the same prompts everywhere): w₀ (d normals); then for each of the
/// n + 1 points its d normals, followed by one Gamma draw in `gamma` mode; then the n + 1 label noises if σ > 0.
public struct RegressionPromptSampler: RegressionTaskSampler {
  public let featureDimension: Int
  public let contextLength: Int
  public let noiseStd: Double
  /// Law of the un-rotated covariate ξ.
  public let features: FeatureDistribution
  /// Which covariance the covariates have.
  public let covarianceMode: CovarianceMode
  /// Law of the task vector.
  public let taskPrior: TaskPrior
  /// The orthogonal U (identity when the mode is isotropic).
  public let rotation: Matrix
  /// The scales D of x = U·D·ξ.
  public let scales: [Double]
  /// U·D, applied to every covariate.
  let mixing: Matrix
  /// The map w₀ ↦ w: U·D⁻¹ for the code's prior, I otherwise.
  let taskMap: Matrix

  /// Builds a sampler; rotated modes draw U as the left singular vectors of a d×d matrix with Uniform[−1, 1] entries
  /// (the code's construction), consuming d² uniforms of `rng`.
  public init(
    featureDimension d: Int, contextLength n: Int, noiseStd: Double = 0, features: FeatureDistribution = .gaussian,
    covariance: CovarianceMode = .code, taskPrior: TaskPrior = .inverseCovariance, rng: inout CatalogueRandom
  ) throws {
    guard d >= 1 else { throw PluginError(.invalidArgument, "d must be at least 1, got \(d)") }
    guard n >= 1 else { throw PluginError(.invalidArgument, "n must be at least 1, got \(n)") }
    guard noiseStd >= 0, noiseStd.isFinite else {
      throw PluginError(.invalidArgument, "noise must be a finite standard deviation ≥ 0, got \(noiseStd)")
    }
    if case .gamma(let k) = features, !(k > 0 && k.isFinite) {
      throw PluginError(.invalidArgument, "gamma_shape must be positive and finite, got \(k)")
    }
    guard let scales = covariance.scales(dimension: d) else {
      throw PluginError(
        .invalidArgument,
        "covariance=\(covariance.rawValue) is defined for d = 5 only (got d = \(d)); use covariance=isotropic")
    }
    featureDimension = d
    contextLength = n
    self.noiseStd = noiseStd
    self.features = features
    covarianceMode = covariance
    self.taskPrior = taskPrior
    self.scales = scales
    if covariance.isRotated {
      var uniform = Matrix(rows: d, cols: d)
      for j in 0..<d {
        for i in 0..<d { uniform[i, j] = 2 * rng.uniform() - 1 }
      }
      rotation = try SVD(uniform).u
    } else {
      rotation = Matrix.identity(d)
    }
    mixing = rotation.scalingColumns(by: scales)
    taskMap =
      taskPrior == .inverseCovariance ? rotation.scalingColumns(by: scales.map { 1 / $0 }) : Matrix.identity(d)
  }

  /// Draws `batch` prompts in the `cat_regression_oracles` layout.
  ///
  /// The random draws go prompt by prompt into flat buffers; the maps ξ ↦ U·D·ξ and w₀ ↦ w are then one `dgemm`
  /// each over the whole batch, and the labels ⟨w_b, x⟩ one pass over the covariates.
  public func sample(batch: Int, rng: inout CatalogueRandom) throws -> RegressionBatch {
    guard batch >= 0 else { throw PluginError(.invalidArgument, "batch must be ≥ 0, got \(batch)") }
    let d = featureDimension
    let points = contextLength + 1
    var w0 = Matrix(rows: d, cols: batch)
    var xi = Matrix(rows: d, cols: points * batch)
    var noise = [Double](repeating: 0, count: noiseStd > 0 ? points * batch : 0)
    w0.withUnsafeMutableBufferPointer { w in
      xi.withUnsafeMutableBufferPointer { x in
        for b in 0..<batch {
          for i in 0..<d { w[i + d * b] = rng.normal() }
          for j in 0..<points { drawCovariate(into: x, offset: d * (j + points * b), rng: &rng) }
          if noiseStd > 0 {
            for j in 0..<points { noise[j + points * b] = noiseStd * rng.normal() }
          }
        }
      }
    }
    let x = Matrix.product(mixing, xi)
    let w = Matrix.product(taskMap, w0)
    var targets = [Double](repeating: 0, count: points * batch)
    x.withUnsafeBufferPointer { xs in
      w.withUnsafeBufferPointer { ws in
        for b in 0..<batch {
          for j in 0..<points {
            var y = noise.isEmpty ? 0 : noise[j + points * b]
            let base = d * (j + points * b)
            for i in 0..<d { y += ws[i + d * b] * xs[base + i] }
            targets[j + points * b] = y
          }
        }
      }
    }
    return RegressionBatch(features: x.elements, targets: targets, tasks: w.elements)
  }

  /// Writes one ξ (d entries) at `offset`.
  private func drawCovariate(into buffer: UnsafeMutableBufferPointer<Double>, offset: Int, rng: inout CatalogueRandom) {
    let d = featureDimension
    var squaredNorm = 0.0
    for i in 0..<d {
      let z = rng.normal()
      buffer[offset + i] = z
      squaredNorm += z * z
    }
    let radius: Double
    switch features {
    case .gaussian: return
    case .sphere: radius = 1
    case .gamma(let k): radius = (rng.gamma(shape: k) * (10 / k).squareRoot()).squareRoot()
    }
    let scale = squaredNorm > 0 ? radius / squaredNorm.squareRoot() : 0
    for i in 0..<d { buffer[offset + i] *= scale }
  }

  /// Σ = c·U·D²·Uᵀ, with c the second moment of ξ (column-major d×d).
  public func covariance() throws -> [Double]? {
    covarianceMatrix.elements
  }

  /// Σ as a matrix.
  public var covarianceMatrix: Matrix {
    let c = features.secondMoment(dimension: featureDimension)
    return Matrix.product(mixing, mixing, transposeB: true, alpha: c).symmetrized()
  }

  /// E[y_query²], the loss of the zero predictor: tr(c·I) for the code's prior, tr Σ for w ~ N(0, I), plus σ².
  public var zeroPredictorLoss: Double {
    let c = features.secondMoment(dimension: featureDimension)
    let signal =
      taskPrior == .inverseCovariance ? c * Double(featureDimension) : covarianceMatrix.trace
    return signal + noiseStd * noiseStd
  }
}
