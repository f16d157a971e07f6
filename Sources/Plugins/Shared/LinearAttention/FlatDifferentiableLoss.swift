/// A loss with an analytic gradient, seen as a function of one flat parameter vector: the interface the measurement
/// tools (``HessianDiagonal``, ``DirectionalSmoothness``, ``GradientNoiseSample``) probe.
///
/// The tools only ever move the parameters and ask for a gradient, so any model trained through this module (the
/// plain linear transformer, a Memformer, a transformer with a learned feature map) can be measured by conforming
/// once; a conformer may keep scratch space between calls, hence `mutating`.
public protocol FlatDifferentiableLoss {
  /// Number of scalars in the parameter vector.
  var parameterCount: Int { get }
  /// The loss and its gradient at `parameters` (same order and length as ``parameterCount``).
  mutating func lossAndGradient(at parameters: [Double]) throws -> (loss: Double, gradient: [Double])
}
