import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// An L-layer transformer with non-linear attention for in-context regression (functional-gd.md §2.1):
///
///   Z_{ℓ+1} = Z_ℓ + c·Σ_h blockdiag(A_{ℓh}, r_{ℓh})·Z_ℓ·M·h̃(B_{ℓh}·X_ℓ, C_{ℓh}·X_ℓ),
///
/// on the embedding, mask and sign conventions of ``LinearTransformer`` (common-incontext-regression.md §2): prompts
/// are ``PromptBatch``es, the query label slot starts at 0, the prediction is ŷ = −[Z_L]_{d+1, n+1} and the loss is
/// the mean of ([Z_L]_{d+1, n+1} + y_query)². Keys and queries are built from the X rows only, so labels enter
/// only through the values. Per layer and head the learned tensors are `A.ℓ.h`, `B.ℓ.h`, `C.ℓ.h` (d×d) and `r.ℓ.h`
/// (1×1), in that order, so ``ParameterOptimizer``s, ``GradientClipping`` and the training loops of this module
/// apply unchanged.
public struct KernelAttentionTransformer: Sendable {
  /// The shape.
  public let configuration: KernelAttentionConfiguration
  /// The learned tensors.
  public var weights: ParameterSet

  /// A model with the given weights; throws if their layout does not fit the configuration.
  public init(configuration: KernelAttentionConfiguration, weights: ParameterSet) throws {
    try configuration.validate()
    let expected = Self.layout(configuration)
    guard weights.hasLayout(of: expected) else {
      throw PluginError(
        .invalidArgument,
        "weights do not fit the kernel-attention configuration: expected tensors "
          + expected.tensors.map { "\($0.name) \($0.rows)×\($0.cols)" }.joined(separator: ", "))
    }
    self.configuration = configuration
    self.weights = weights
  }

  /// A freshly initialised model: every entry of A, B, C and r drawn N(0, initStd²), in tensor order.
  public init(configuration: KernelAttentionConfiguration, initStd: Double, rng: inout CatalogueRandom) throws {
    try configuration.validate()
    guard initStd >= 0, initStd.isFinite else {
      throw PluginError(.invalidArgument, "init_std must be finite and ≥ 0, got \(initStd)")
    }
    var weights = Self.layout(configuration)
    for index in weights.tensors.indices {
      weights.tensors[index].values = rng.normals(weights.tensors[index].values.count).map { $0 * initStd }
    }
    self.configuration = configuration
    self.weights = weights
  }

  /// The functional-GD construction of Proposition 3.1 (functional-gd.md §2.2): in layer ℓ, head 0 has A = 0,
  /// B = C = I and r = −η_ℓ, the other heads are zero. With a pointwise h this model computes k = L steps of
  /// f_{ℓ+1}(x) = f_ℓ(x) + (η_ℓ/n)·Σᵢ (yᵢ − f_ℓ(xᵢ))·h(α⟨xᵢ, x⟩) from f₀ = 0, predicting f_L(x_query).
  public static func functionalGradientDescent(
    configuration: KernelAttentionConfiguration, stepSizes: [Double]
  ) throws -> KernelAttentionTransformer {
    guard stepSizes.count == configuration.layers else {
      throw PluginError(
        .invalidArgument,
        "the construction needs one step size per layer: \(configuration.layers), got \(stepSizes.count)")
    }
    let d = configuration.featureDimension
    var weights = layout(configuration)
    for index in weights.tensors.indices {
      let parts = weights.tensors[index].name.split(separator: ".")
      guard parts.count == 3, let l = Int(parts[1]), parts[2] == "0" else { continue }
      switch parts[0] {
      case "B", "C": weights.tensors[index].values = (0..<(d * d)).map { $0 % (d + 1) == 0 ? 1 : 0 }
      case "r": weights.tensors[index].values = [-stepSizes[l]]
      default: break
      }
    }
    return try KernelAttentionTransformer(configuration: configuration, weights: weights)
  }

  /// The tensor names and shapes of a configuration, all zero.
  public static func layout(_ c: KernelAttentionConfiguration) -> ParameterSet {
    let d = c.featureDimension
    var tensors: [ParameterTensor] = []
    for l in 0..<c.layers {
      for h in 0..<c.heads {
        for name in ["A", "B", "C"] { tensors.append(ParameterTensor(name: "\(name).\(l).\(h)", rows: d, cols: d)) }
        tensors.append(ParameterTensor(name: "r.\(l).\(h)", rows: 1, cols: 1))
      }
    }
    return ParameterSet(tensors)
  }

  /// [Z_L]_{d+1, n+1} of every prompt: the negated predictions.
  public func outputs(_ batch: PromptBatch) throws -> [Double] {
    var workspace = KernelAttentionWorkspace()
    return try outputs(batch, workspace: &workspace)
  }

  /// ``outputs(_:)`` reusing `workspace`; large batches run in chunks of 1000 prompts to bound its size.
  public func outputs(_ batch: PromptBatch, workspace: inout KernelAttentionWorkspace) throws -> [Double] {
    try checkBatch(batch)
    let kernel = KernelAttentionKernel(self)
    var out: [Double] = []
    out.reserveCapacity(batch.count)
    var start = 0
    while start < batch.count {
      let end = min(start + 1000, batch.count)
      kernel.forward(batch.prompts[start..<end], &workspace)
      for b in 0..<(end - start) {
        out.append(workspace.states[kernel.layers][b * kernel.stateSize + kernel.d + kernel.n * (kernel.d + 1)])
      }
      start = end
    }
    return out
  }

  /// The predictions ŷ = −[Z_L]_{d+1, n+1}.
  public func predictions(_ batch: PromptBatch) throws -> [Double] {
    try outputs(batch).map { -$0 }
  }

  /// The in-context loss mean_b ([Z_L]_{d+1, n+1} + y_b)².
  public func loss(_ batch: PromptBatch) throws -> Double {
    let out = try outputs(batch)
    guard !out.isEmpty else { return 0 }
    return zip(out, batch.queryTargets).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) } / Double(out.count)
  }

  /// The residual stream Z₀, …, Z_L of one embedded prompt.
  public func states(_ prompt: Matrix) throws -> [Matrix] {
    try checkPrompt(prompt)
    var workspace = KernelAttentionWorkspace()
    let kernel = KernelAttentionKernel(self)
    kernel.forward([prompt][...], &workspace)
    return workspace.states.map {
      Matrix(rows: kernel.d + 1, cols: kernel.p, elements: Array($0[0..<kernel.stateSize]))
    }
  }

  /// The attention table H of layer ℓ, head h for one prompt: n×(n+1), entry (i, j) the weight of context key i for
  /// query token j.
  public func attentionTable(_ prompt: Matrix, layer: Int, head: Int) throws -> Matrix {
    try checkPrompt(prompt)
    let c = configuration
    guard (0..<c.layers).contains(layer), (0..<c.heads).contains(head) else {
      throw PluginError(
        .invalidArgument, "no layer \(layer), head \(head) in a \(c.layers)-layer, \(c.heads)-head model")
    }
    var workspace = KernelAttentionWorkspace()
    let kernel = KernelAttentionKernel(self)
    kernel.forward([prompt][...], &workspace)
    let size = kernel.n * kernel.p
    return Matrix(rows: kernel.n, cols: kernel.p, elements: Array(workspace.tables[layer * c.heads + head][0..<size]))
  }

  /// The loss and its exact gradient with respect to ``weights``.
  public func lossAndGradient(_ batch: PromptBatch) throws -> (loss: Double, gradient: ParameterSet) {
    var workspace = KernelAttentionWorkspace()
    return try lossAndGradient(batch, workspace: &workspace)
  }

  /// ``lossAndGradient(_:)`` reusing `workspace` (a training loop keeps one per model).
  public func lossAndGradient(_ batch: PromptBatch, workspace: inout KernelAttentionWorkspace) throws
    -> (loss: Double, gradient: ParameterSet)
  {
    try checkBatch(batch)
    guard batch.count > 0 else { throw PluginError(.invalidArgument, "the training batch is empty") }
    let kernel = KernelAttentionKernel(self)
    kernel.forward(batch.prompts[...], &workspace)
    var loss = 0.0
    let scale = 2 / Double(batch.count)
    let slot = kernel.d + kernel.n * (kernel.d + 1)
    var outputGradients = [Double](repeating: 0, count: batch.count)
    for b in 0..<batch.count {
      let error = workspace.states[kernel.layers][b * kernel.stateSize + slot] + batch.queryTargets[b]
      loss += error * error
      outputGradients[b] = scale * error
    }
    let gradient = kernel.backward(outputGradients, &workspace)
    return (loss / Double(batch.count), weights.replacing(flattened: gradient))
  }

  private func checkPrompt(_ prompt: Matrix) throws {
    let c = configuration
    guard prompt.rows == c.featureDimension + 1, prompt.cols == c.contextLength + 1 else {
      throw PluginError(
        .invalidArgument,
        "prompt is \(prompt.rows)×\(prompt.cols), model expects \(c.featureDimension + 1)×\(c.contextLength + 1)")
    }
  }

  private func checkBatch(_ batch: PromptBatch) throws {
    guard batch.featureDimension == configuration.featureDimension,
      batch.contextLength == configuration.contextLength
    else {
      throw PluginError(
        .invalidArgument,
        "prompts have d = \(batch.featureDimension), n = \(batch.contextLength); the model was built for "
          + "d = \(configuration.featureDimension), n = \(configuration.contextLength)")
    }
  }
}
