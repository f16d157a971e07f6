import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// Prompts embedded as transformer inputs (common-incontext-regression.md §2, paper orientation).
///
/// Prompt b becomes Z₀ ∈ ℝ^{(d+1)×(n+1)}: column i ≤ n is [xᵢ; yᵢ], the last column is [x_query; 0]. The query's
/// label slot **must** be zero (a listed pitfall, §10): the true label is kept apart in ``queryTargets`` and only
/// the loss sees it. Each Z₀ is its own column-major matrix, so the model works prompt by prompt with BLAS products
/// on contiguous storage and no copies.
public struct PromptBatch: Sendable {
  /// Feature dimension d.
  public let featureDimension: Int
  /// Context points n.
  public let contextLength: Int
  /// Z₀ of every prompt, (d+1)×(n+1), query label 0.
  public private(set) var prompts: [Matrix]
  /// The true label of each prompt's query.
  public private(set) var queryTargets: [Double]

  /// Embeds a sampler's batch (layout of `cat_regression_oracles`).
  public init(_ batch: RegressionBatch, featureDimension d: Int, contextLength n: Int) throws {
    let points = n + 1
    guard d >= 1, n >= 1, batch.features.count % (d * points) == 0 else {
      throw PluginError(.invalidArgument, "regression batch does not hold d = \(d), n = \(n) prompts")
    }
    let count = batch.features.count / (d * points)
    guard batch.targets.count == points * count else {
      throw PluginError(.invalidArgument, "regression batch has \(batch.targets.count) targets for \(count) prompts")
    }
    featureDimension = d
    contextLength = n
    var prompts: [Matrix] = []
    prompts.reserveCapacity(count)
    var queryTargets: [Double] = []
    queryTargets.reserveCapacity(count)
    for b in 0..<count {
      var z = Matrix(rows: d + 1, cols: points)
      z.withUnsafeMutableBufferPointer { out in
        for j in 0..<points {
          for i in 0..<d { out[i + j * (d + 1)] = batch.features[i + d * (j + points * b)] }
          out[d + j * (d + 1)] = j < n ? batch.targets[j + points * b] : 0
        }
      }
      prompts.append(z)
      queryTargets.append(batch.targets[n + points * b])
    }
    self.prompts = prompts
    self.queryTargets = queryTargets
  }

  /// Wraps already embedded prompts (each (d+1)×(n+1) with a zero query label).
  public init(prompts: [Matrix], queryTargets: [Double], featureDimension d: Int, contextLength n: Int) throws {
    guard prompts.count == queryTargets.count else {
      throw PluginError(.invalidArgument, "\(prompts.count) prompts but \(queryTargets.count) query targets")
    }
    for z in prompts {
      guard z.rows == d + 1, z.cols == n + 1 else {
        throw PluginError(.invalidArgument, "a prompt is \(z.rows)×\(z.cols), expected \(d + 1)×\(n + 1)")
      }
      guard z[d, n] == 0 else {
        throw PluginError(.invalidArgument, "a prompt's query label slot is \(z[d, n]), it must be 0")
      }
    }
    featureDimension = d
    contextLength = n
    self.prompts = prompts
    self.queryTargets = queryTargets
  }

  /// Draws `count` prompts from `sampler` and embeds them.
  public static func draw(
    _ count: Int, from sampler: any RegressionTaskSampler, rng: inout CatalogueRandom
  ) throws -> PromptBatch {
    try PromptBatch(
      sampler.sample(batch: count, rng: &rng), featureDimension: sampler.featureDimension,
      contextLength: sampler.contextLength)
  }

  /// Number of prompts.
  public var count: Int { prompts.count }

  /// The prompts in `range`, sharing storage.
  public func slice(_ range: Range<Int>) -> PromptBatch {
    var copy = self
    copy.prompts = Array(prompts[range])
    copy.queryTargets = Array(queryTargets[range])
    return copy
  }

  /// Context covariates of prompt b as a d×n matrix (columns are points).
  public func contextFeatures(_ b: Int) -> Matrix {
    let (d, n) = (featureDimension, contextLength)
    let z = prompts[b]
    return Matrix(rows: d, cols: n) { i, j in z[i, j] }
  }

  /// Context labels of prompt b.
  public func contextLabels(_ b: Int) -> Vector {
    let z = prompts[b]
    return Vector((0..<contextLength).map { z[featureDimension, $0] })
  }

  /// The query covariate of prompt b.
  public func queryFeatures(_ b: Int) -> Vector {
    let z = prompts[b]
    return Vector((0..<featureDimension).map { z[$0, contextLength] })
  }
}
