/// One named learned tensor (a d×d block, a scalar, a gate), stored column-major.
///
/// Optimisers and clipping act tensor by tensor, which is what "per-matrix" clipping means in the official code: one
/// norm per (layer, head, P-or-Q) block (common-incontext-regression.md §7).
public struct ParameterTensor: Sendable, Equatable {
  /// Stable name, e.g. `A.2.0` (layer 2, head 0), `gamma`, `gate.1`.
  public var name: String
  /// Rows.
  public var rows: Int
  /// Columns.
  public var cols: Int
  /// The entries, column-major, `rows * cols` of them.
  public var values: [Double]

  /// Creates a tensor.
  public init(name: String, rows: Int, cols: Int, values: [Double]) {
    precondition(values.count == rows * cols, "ParameterTensor \(name) needs \(rows * cols) values")
    self.name = name
    self.rows = rows
    self.cols = cols
    self.values = values
  }

  /// A tensor of zeros.
  public init(name: String, rows: Int, cols: Int) {
    self.init(name: name, rows: rows, cols: cols, values: [Double](repeating: 0, count: rows * cols))
  }

  /// The Euclidean (Frobenius) norm.
  public var norm: Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
