import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// An L-layer linear transformer for in-context regression, with optional Memformer memory
/// (common-incontext-regression.md §2–§4; memformer.md §2).
///
/// Layer ℓ computes the masked linear attention with the 1/n scaling (n = context points, not n + 1)
///
///   F_ℓ = (1/n)·Σ_h P_{ℓh}·Z_ℓ·M·Z_ℓᵀ·Q_{ℓh}·Z_ℓ,   M = diag(1, …, 1, 0),
///
/// so the query never acts as a key or value but still receives updates, and the memory decides how F_ℓ enters
/// the residual stream (``MemoryKind``). The prediction is ŷ = −[Z_L]_{d+1, n+1} (**note the sign**) and the loss
/// is the mean of ([Z_L]_{d+1, n+1} + y_query)² over the prompts, as in the official `in_context_loss`.
///
/// The model is a value: ``configuration`` fixes its shape, ``weights`` holds the learned tensors in a fixed order
/// (per layer and head the P block then the Q block, as in the code's `allparam[l, h, 0/1]`, then the memory
/// parameters). Forward and backward passes run layer by layer over a batch: the products with the shared P and Q
/// are single `dgemm` calls over all prompts and heads, the per-prompt products small `dgemm` calls into a reusable
/// ``TransformerWorkspace`` (see ``ModelKernel``).
public struct LinearTransformer: Sendable {
  /// The shape.
  public let configuration: TransformerConfiguration
  /// The learned tensors.
  public var weights: ParameterSet

  /// A model with the given weights; throws if their layout does not fit the configuration.
  public init(configuration: TransformerConfiguration, weights: ParameterSet) throws {
    try configuration.validate()
    let expected = Self.layout(configuration)
    guard weights.hasLayout(of: expected) else {
      throw PluginError(
        .invalidArgument,
        "weights do not fit the configuration: expected tensors "
          + expected.tensors.map { "\($0.name) \($0.rows)×\($0.cols)" }.joined(separator: ", "))
    }
    self.configuration = configuration
    self.weights = weights
  }

  /// A freshly initialised model: every attention entry N(0, initStd²) (the code's `allparam.normal_(0, var)`),
  /// γ = 0, α = 1, and LFOM gates at the plain transformer (``GateIndexing``). Draws, in tensor order, one normal
  /// per attention entry from `rng` and nothing for the memory.
  public init(configuration: TransformerConfiguration, initStd: Double, rng: inout CatalogueRandom) throws {
    try configuration.validate()
    guard initStd >= 0, initStd.isFinite else {
      throw PluginError(.invalidArgument, "init_std must be finite and ≥ 0, got \(initStd)")
    }
    var weights = Self.layout(configuration)
    for index in weights.tensors.indices {
      let name = weights.tensors[index].name
      if Self.isAttentionTensor(name) {
        weights.tensors[index].values = rng.normals(weights.tensors[index].values.count).map { $0 * initStd }
      } else if name == "alpha" {
        weights.tensors[index].values = weights.tensors[index].values.map { _ in 1 }
      }
    }
    if case .lfom(.paper, _) = configuration.memory {
      for l in 0..<configuration.layers {
        let gate = TransformerConfiguration.paperGateIndex(layer: l, source: l)
        let index = weights.tensors.firstIndex { $0.name == "gate.\(gate)" }!
        weights.tensors[index].values = weights.tensors[index].values.map { _ in 1 }
      }
    }
    self.configuration = configuration
    self.weights = weights
  }

  /// The tensor names and shapes of a configuration, all zero.
  public static func layout(_ c: TransformerConfiguration) -> ParameterSet {
    let d = c.featureDimension
    let block = c.blocks == .scalar ? 1 : d
    var tensors: [ParameterTensor] = []
    for l in 0..<c.layers {
      for h in 0..<c.heads {
        switch c.parametrisation {
        case .sparse:
          tensors.append(ParameterTensor(name: "A.\(l).\(h)", rows: block, cols: block))
        case .valueKey:
          tensors.append(ParameterTensor(name: "B.\(l).\(h)", rows: block, cols: block))
          tensors.append(ParameterTensor(name: "A.\(l).\(h)", rows: block, cols: block))
        case .unconstrained:
          tensors.append(ParameterTensor(name: "P.\(l).\(h)", rows: d + 1, cols: d + 1))
          tensors.append(ParameterTensor(name: "Q.\(l).\(h)", rows: d + 1, cols: d + 1))
        }
      }
    }
    switch c.memory {
    case .none: break
    case .conjugate(let learnStep):
      if c.layers > 1 { tensors.append(ParameterTensor(name: "gamma", rows: 1, cols: c.layers - 1)) }
      if learnStep { tensors.append(ParameterTensor(name: "alpha", rows: 1, cols: c.layers)) }
    case .lfom(_, let shape):
      let (rows, cols) = shape == .full ? (d + 1, c.contextLength + 1) : (1, 1)
      for g in 0..<c.gateCount { tensors.append(ParameterTensor(name: "gate.\(g)", rows: rows, cols: cols)) }
    }
    return ParameterSet(tensors)
  }

  static func isAttentionTensor(_ name: String) -> Bool {
    name.hasPrefix("A.") || name.hasPrefix("B.") || name.hasPrefix("P.") || name.hasPrefix("Q.")
  }

  /// The full (d+1)×(d+1) value and key–query matrices of layer ℓ, head h, in paper orientation.
  public func attentionMatrices(layer l: Int, head h: Int) -> (p: Matrix, q: Matrix) {
    let c = configuration
    let d = c.featureDimension
    func block(_ name: String, sign: Double) -> Matrix {
      let t = weights["\(name).\(l).\(h)"]!
      var m = Matrix(rows: d + 1, cols: d + 1)
      for j in 0..<d {
        for i in 0..<d {
          m[i, j] = sign * (c.blocks == .scalar ? (i == j ? t.values[0] : 0) : t.values[i + j * d])
        }
      }
      return m
    }
    switch c.parametrisation {
    case .sparse:
      var p = Matrix(rows: d + 1, cols: d + 1)
      p[d, d] = 1
      return (p, block("A", sign: -1))
    case .valueKey:
      var p = block("B", sign: 1)
      p[d, d] = 1
      return (p, block("A", sign: 1))
    case .unconstrained:
      let p = weights["P.\(l).\(h)"]!
      let q = weights["Q.\(l).\(h)"]!
      return (
        Matrix(rows: d + 1, cols: d + 1, elements: p.values), Matrix(rows: d + 1, cols: d + 1, elements: q.values)
      )
    }
  }

  /// The memory coefficients γ_ℓ (γ₀ = 0) and α_ℓ.
  public var memoryCoefficients: (gamma: [Double], alpha: [Double]) {
    let layers = configuration.layers
    let gamma = [0] + (weights["gamma"]?.values ?? [Double](repeating: 0, count: layers - 1))
    let alpha = weights["alpha"]?.values ?? [Double](repeating: 1, count: layers)
    return (gamma, alpha)
  }

  /// [Z_L]_{d+1, n+1} of every prompt: the negated predictions.
  public func outputs(_ batch: PromptBatch) throws -> [Double] {
    var workspace = TransformerWorkspace()
    return try outputs(batch, workspace: &workspace)
  }

  /// ``outputs(_:)`` reusing `workspace`; large batches run in chunks of 1000 prompts to bound its size.
  public func outputs(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws -> [Double] {
    try checkBatch(batch)
    if workspace.implementation == .tinyBlocks {
      let kernel = PromptKernel(self)
      if !workspace.prompt.rowPassesOnly, let labelRow = LabelRowKernel(kernel) {
        return labelRow.outputs(batch.prompts, &workspace.prompt)
      }
      return kernel.outputs(batch.prompts, &workspace.prompt)
    }
    let kernel = ModelKernel(self)
    var out: [Double] = []
    out.reserveCapacity(batch.count)
    var start = 0
    while start < batch.count {
      let end = min(start + 1000, batch.count)
      kernel.forward(batch.prompts[start..<end], &workspace)
      for b in 0..<(end - start) { out.append(workspace.z[kernel.layers][b][kernel.d, kernel.n]) }
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

  /// The residual stream Z₀, …, Z_L of one embedded prompt (for inspection and the equivalence tests).
  public func states(_ prompt: Matrix) throws -> [Matrix] {
    let c = configuration
    guard prompt.rows == c.featureDimension + 1, prompt.cols == c.contextLength + 1 else {
      throw PluginError(
        .invalidArgument,
        "prompt is \(prompt.rows)×\(prompt.cols), model expects \(c.featureDimension + 1)×\(c.contextLength + 1)")
    }
    var workspace = TransformerWorkspace()
    ModelKernel(self).forward([prompt][...], &workspace)
    return workspace.z.map { $0[0] }
  }

  /// The loss and its exact gradient with respect to ``weights`` (common-incontext-regression.md §6, extended
  /// through the memory recurrences; both are linear in the attention outputs).
  public func lossAndGradient(_ batch: PromptBatch) throws -> (loss: Double, gradient: ParameterSet) {
    var workspace = TransformerWorkspace()
    return try lossAndGradient(batch, workspace: &workspace)
  }

  /// ``lossAndGradient(_:)`` reusing `workspace` (a training loop keeps one per model).
  public func lossAndGradient(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws
    -> (loss: Double, gradient: ParameterSet)
  {
    try checkBatch(batch)
    guard batch.count > 0 else { throw PluginError(.invalidArgument, "the training batch is empty") }
    if workspace.implementation == .tinyBlocks {
      let kernel = PromptKernel(self)
      let labelRow = workspace.prompt.rowPassesOnly ? nil : LabelRowKernel(kernel)
      let loss = labelRow?.loss(batch, &workspace.prompt) ?? kernel.loss(batch, &workspace.prompt)
      return (loss, kernel.gradient(of: self, workspace.prompt))
    }
    let kernel = ModelKernel(self)
    kernel.forward(batch.prompts[...], &workspace)
    var loss = 0.0
    let scale = 2 / Double(batch.count)
    var outputGradients = [Double](repeating: 0, count: batch.count)
    for b in 0..<batch.count {
      let error = workspace.z[kernel.layers][b][kernel.d, kernel.n] + batch.queryTargets[b]
      loss += error * error
      outputGradients[b] = scale * error
    }
    var accumulator = GradientAccumulator(kernel)
    kernel.backward(outputGradients, &workspace, into: &accumulator)
    return (loss / Double(batch.count), accumulator.gradient(of: self, kernel: kernel))
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
