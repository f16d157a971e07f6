import CatalogueSDK

/// Everything that fixes the shape of a linear transformer: sizes, parametrisation and memory.
public struct TransformerConfiguration: Sendable, Equatable {
  /// Feature dimension d.
  public var featureDimension: Int
  /// Context points n (the 1/n scaling uses it).
  public var contextLength: Int
  /// Layers L.
  public var layers: Int
  /// Attention heads per layer (outputs summed).
  public var heads: Int
  /// Which entries of P and Q are learned.
  public var parametrisation: AttentionParametrisation
  /// Shape of the learned d×d blocks (`scalar` only for `sparse` and `value-key`).
  public var blocks: BlockShape
  /// The residual memory.
  public var memory: MemoryKind

  /// Creates a configuration; ``validate()`` checks it.
  public init(
    featureDimension: Int, contextLength: Int, layers: Int, heads: Int = 1,
    parametrisation: AttentionParametrisation = .sparse, blocks: BlockShape = .full, memory: MemoryKind = .none
  ) {
    self.featureDimension = featureDimension
    self.contextLength = contextLength
    self.layers = layers
    self.heads = heads
    self.parametrisation = parametrisation
    self.blocks = blocks
    self.memory = memory
  }

  /// Throws `.invalidArgument` naming the offending setting.
  public func validate() throws {
    guard featureDimension >= 1, contextLength >= 1 else {
      throw PluginError(
        .invalidArgument, "d and n must be at least 1 (got d = \(featureDimension), n = \(contextLength))")
    }
    guard layers >= 1 else { throw PluginError(.invalidArgument, "layers must be at least 1, got \(layers)") }
    guard heads >= 1 else { throw PluginError(.invalidArgument, "heads must be at least 1, got \(heads)") }
    if parametrisation == .unconstrained && blocks == .scalar {
      throw PluginError(
        .invalidArgument, "preconditioner=scalar needs parametrisation sparse or value-key, not unconstrained")
    }
  }

  /// Number of LFOM gates, or 0.
  var gateCount: Int {
    guard case .lfom(let indexing, _) = memory else { return 0 }
    switch indexing {
    case .code: return layers - 1
    case .paper: return layers * (layers + 1) / 2
    }
  }

  /// Index of gate Γ_j^{(ℓ)} in the paper indexing (j ≤ ℓ).
  static func paperGateIndex(layer l: Int, source j: Int) -> Int { l * (l + 1) / 2 + j }
}
