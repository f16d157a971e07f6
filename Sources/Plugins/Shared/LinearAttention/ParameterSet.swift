/// The learned tensors of a model, in a fixed order: what optimisers update and weight files store.
///
/// Gradients have the same layout, so an optimiser pairs tensors by position.
public struct ParameterSet: Sendable, Equatable {
  /// The tensors in model order.
  public var tensors: [ParameterTensor]

  /// Wraps tensors.
  public init(_ tensors: [ParameterTensor]) {
    self.tensors = tensors
  }

  /// The tensor called `name`, if any.
  public subscript(name: String) -> ParameterTensor? {
    tensors.first { $0.name == name }
  }

  /// Total number of scalars.
  public var scalarCount: Int { tensors.reduce(0) { $0 + $1.values.count } }

  /// The norm over all tensors together.
  public var norm: Double {
    tensors.reduce(0) { sum, t in t.values.reduce(sum) { $0 + $1 * $1 } }.squareRoot()
  }

  /// All scalars concatenated (for finite-difference tests and weight files).
  public var flattened: [Double] { tensors.flatMap(\.values) }

  /// The same layout with `values` (as from ``flattened``) written back.
  public func replacing(flattened values: [Double]) -> ParameterSet {
    precondition(values.count == scalarCount, "replacing(flattened:) needs \(scalarCount) values")
    var copy = self
    var offset = 0
    for index in copy.tensors.indices {
      let count = copy.tensors[index].values.count
      copy.tensors[index].values = Array(values[offset..<(offset + count)])
      offset += count
    }
    return copy
  }

  /// Whether `other` has the same names and shapes.
  public func hasLayout(of other: ParameterSet) -> Bool {
    tensors.count == other.tensors.count
      && zip(tensors, other.tensors).allSatisfy { $0.name == $1.name && $0.rows == $1.rows && $0.cols == $1.cols }
  }
}
