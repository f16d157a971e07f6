import SeededRandom

/// A sampling problem: the density ∝ exp(−h(x)) on a manifold (the Swift face of `cat_sampling_oracles`), with
/// test statistics whose exact expectations let a sampler's bias be measured.
public protocol SamplingProblem: Sendable {
  /// Doubles per point.
  var dimension: Int { get }
  /// Finite-sum terms of h (for stochastic-gradient samplers), or 0.
  var sampleCount: Int { get }
  /// The manifold, or nil for ℝⁿ.
  var geometry: (any Geometry)? { get }
  /// Names of the test statistics with exact reference expectations.
  var statisticNames: [String] { get }

  /// A starting point for chain `chain`.
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double]
  /// The potential h(x) over `samples`.
  func potential(_ x: [Double], samples: [Int]?) throws -> Double
  /// h(x) and its Euclidean gradient.
  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double])
  /// The test statistics of x.
  func statistics(_ x: [Double]) throws -> [Double]
  /// Their exact expectations under the target.
  func referenceExpectations() throws -> [Double]

  // Batched oracles (ABI 1.1) over `count` points of ``dimension`` doubles back to back. `samples` is nil (the
  // full potential) or `count` sample sets of `sampleSetSize` indices back to back, point i using the i-th. Each
  // equals `count` per-point calls in order; the defaults in SamplingProblem+Batch.swift are that loop, and a
  // problem overrides them with an allocation-free loop for many chains.

  /// ``potential(_:samples:)`` of each point into `h[i]`.
  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>) throws
  /// ``potentialGradient(_:samples:)`` of each point: the gradient into `gradient[i·dimension…]` and h into
  /// `h[i]` when `h` is non-nil.
  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>) throws
  /// ``statistics(_:)`` of each point into `out[i·statisticNames.count…]`.
  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws
}

extension SamplingProblem {
  public var sampleCount: Int { 0 }
  public var geometry: (any Geometry)? { nil }
  public var statisticNames: [String] { [] }
  public func statistics(_ x: [Double]) throws -> [Double] { [] }
  public func referenceExpectations() throws -> [Double] { [] }
}

/// A batch of in-context regression prompts (layouts as in `cat_regression_oracles`).
public struct RegressionBatch: Sendable {
  /// d × (n+1) × batch, column j of prompt b is point j; the last is the query.
  public var features: [Double]
  /// (n+1) × batch labels; the last of each prompt is the query's true label.
  public var targets: [Double]
  /// d × batch task vectors w.
  public var tasks: [Double]

  /// Creates a batch from its arrays.
  public init(features: [Double], targets: [Double], tasks: [Double]) {
    self.features = features
    self.targets = targets
    self.tasks = tasks
  }
}

/// A sampler of in-context linear regression prompts y = wᵀx + noise (the Swift face of
/// `cat_regression_oracles`).
public protocol RegressionTaskSampler: Sendable {
  /// Feature dimension d.
  var featureDimension: Int { get }
  /// Labelled points before the query, n.
  var contextLength: Int { get }
  /// Label noise standard deviation.
  var noiseStd: Double { get }
  /// Draws `batch` prompts.
  func sample(batch: Int, rng: inout CatalogueRandom) throws -> RegressionBatch
  /// The fixed feature covariance Σ (d × d), or nil.
  func covariance() throws -> [Double]?
}

/// One graph: its incidence matrix (n × edgeCount, column-major, +1 head / −1 tail) and edge resistances.
public struct GraphSample: Sendable {
  /// n × edgeCount incidence matrix.
  public var incidence: [Double]
  /// edgeCount resistances.
  public var resistances: [Double]
  /// Number of edges.
  public var edgeCount: Int

  /// Creates a graph sample.
  public init(incidence: [Double], resistances: [Double], edgeCount: Int) {
    self.incidence = incidence
    self.resistances = resistances
    self.edgeCount = edgeCount
  }
}

/// A sampler of graphs (the Swift face of `cat_graph_oracles`).
public protocol GraphSampler: Sendable {
  /// Nodes per graph.
  var nodeCount: Int { get }
  /// Upper bound on edges per graph.
  var maxEdges: Int { get }
  /// Draws one graph.
  func sample(rng: inout CatalogueRandom) throws -> GraphSample
}
