import CatalogueSDK

/// Everything that fixes the shape of a kernel-attention transformer (functional-gd.md §2.1).
///
/// The flags the spec leaves open are explicit fields, so a run can record them: the softmax axis, whether the 1/n
/// factor is also applied on top of a softmax, and the score scale α inside h (1, or 1/d as in the unofficial code's
/// exp attention).
public struct KernelAttentionConfiguration: Sendable, Equatable {
  /// Feature dimension d.
  public var featureDimension: Int
  /// Context points n.
  public var contextLength: Int
  /// Layers L.
  public var layers: Int
  /// Heads per layer (outputs summed).
  public var heads: Int
  /// The attention non-linearity h.
  public var nonlinearity: AttentionNonlinearity
  /// The normalisation axis of a softmax attention (ignored for the other h).
  public var softmaxAxis: SoftmaxAxis
  /// Whether a softmax attention is also scaled by 1/n (the pointwise h always are).
  public var scaleSoftmaxByN: Bool
  /// α in h(α·⟨B·xᵢ, C·xⱼ⟩).
  public var scoreScale: Double

  /// Creates a configuration; ``validate()`` checks it.
  public init(
    featureDimension: Int, contextLength: Int, layers: Int, heads: Int = 1, nonlinearity: AttentionNonlinearity,
    softmaxAxis: SoftmaxAxis = .keys, scaleSoftmaxByN: Bool = true, scoreScale: Double = 1
  ) {
    self.featureDimension = featureDimension
    self.contextLength = contextLength
    self.layers = layers
    self.heads = heads
    self.nonlinearity = nonlinearity
    self.softmaxAxis = softmaxAxis
    self.scaleSoftmaxByN = scaleSoftmaxByN
    self.scoreScale = scoreScale
  }

  /// Throws `.invalidArgument` naming the offending setting.
  public func validate() throws {
    guard featureDimension >= 1, contextLength >= 1 else {
      throw PluginError(
        .invalidArgument, "d and n must be at least 1 (got d = \(featureDimension), n = \(contextLength))")
    }
    guard layers >= 1 else { throw PluginError(.invalidArgument, "layers must be at least 1, got \(layers)") }
    guard heads >= 1 else { throw PluginError(.invalidArgument, "heads must be at least 1, got \(heads)") }
    guard scoreScale > 0, scoreScale.isFinite else {
      throw PluginError(.invalidArgument, "the score scale α must be positive and finite, got \(scoreScale)")
    }
  }

  /// The factor c in F = c·V·Z·M·H: 1/n, except 1 for a softmax without the extra 1/n.
  var attentionFactor: Double {
    nonlinearity == .softmax && !scaleSoftmaxByN ? 1 : 1 / Double(contextLength)
  }
}
