/// Which partial gradients of a bilevel objective a caller wants: the ABI's gradient entries take a NULL output for
/// a part that is not needed (catalogue.h, `cat_bilevel_oracles.upper_gradient`/`lower_gradient`), so a problem
/// whose two parts cost differently computes only the one asked for.
public struct GradientParts: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// ∇ₓ, the partial gradient in the upper variable.
  public static let x = GradientParts(rawValue: 1)
  /// ∇_y, the partial gradient in the lower variable.
  public static let y = GradientParts(rawValue: 2)
  /// Both partial gradients.
  public static let both: GradientParts = [.x, .y]
}

extension GradientParts {
  /// The parts whose output pointers are not NULL.
  init(requesting gx: UnsafeMutablePointer<Double>?, _ gy: UnsafeMutablePointer<Double>?) {
    self = []
    if gx != nil { insert(.x) }
    if gy != nil { insert(.y) }
  }
}
