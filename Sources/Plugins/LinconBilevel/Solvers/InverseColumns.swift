import LinearAlgebra
import Synchronization

/// The columns of H⁻¹Aᵀ = L⁻ᵀZ (H = LLᵀ, Z = L⁻¹Aᵀ) that ``ActiveSetQP``'s solutions have used, computed when first
/// needed and shared by every copy of one solver (``ActiveSetQP/init(reusing:bound:)``), safe to share between
/// threads.
///
/// A solution is y = −H⁻¹q − H⁻¹Aᵀλ with λ zero outside the final working set F, so it reads only the columns of the
/// rows in F. The first solution computes exactly those (one `dtrsm` with |F| right-hand sides); the first later
/// solution whose working set has any other row computes all the remaining columns at once (one more `dtrsm`). The
/// work therefore never exceeds the single m-column `dtrsm` that forming H⁻¹Aᵀ up front costs (what this solver did
/// before, and what the NumPy reference's `cho_solve(factor, A.T)` does), and is smaller by the columns of rows
/// that are never in a working set: at the implicit-KKT first step at d_y = 1000, 131 of the m = 200 columns, about
/// 4 ms of a 6 ms solve. With H̃ rebuilt at every x (implicit-KKT's default, the trace's exact reference) every step
/// saves them. A batch solves its own right-hand sides and y sums only the stored columns, so the numbers equal
/// those of the up-front matrix to round-off, not bit for bit (in OpenBLAS the last column of a batch of odd size
/// goes through another kernel).
final class InverseColumns: Sendable {
  private struct Columns {
    /// The row of each computed column, in storage order.
    var rows: [Int] = []
    /// Whether each row's column is computed.
    var computed: [Bool]
    /// The computed columns, n × `rows.count`, column-major.
    var values: [Double] = []
  }

  /// n, the length of a column.
  let variables: Int
  private let columns: Mutex<Columns>

  /// An empty cache for the m columns of an n × m matrix H⁻¹Aᵀ.
  init(variables n: Int, rows m: Int) {
    variables = n
    columns = Mutex(Columns(computed: [Bool](repeating: false, count: m)))
  }

  /// H⁻¹Aᵀλ for a λ that is zero outside `rows`, after computing any of their columns that are missing from
  /// `factor` (L) and `whitened` (Z = L⁻¹Aᵀ).
  func product(_ lambda: [Double], rows: [Int], factor: Cholesky, whitened: Matrix) -> [Double] {
    let n = variables
    return columns.withLock { c in
      if rows.contains(where: { !c.computed[$0] }) {
        let batch = c.rows.isEmpty ? rows : c.computed.indices.filter { !c.computed[$0] }
        let solved = factor.solveLower(consuming: DenseHelpers.columns(whitened, batch), transpose: true)
        for row in batch { c.computed[row] = true }
        c.rows += batch
        c.values += solved.elements
      }
      guard !c.rows.isEmpty else { return [Double](repeating: 0, count: n) }
      let stored = Matrix(rows: n, cols: c.rows.count, elements: c.values)
      return Matrix.product(stored, Vector(c.rows.map { lambda[$0] })).elements
    }
  }

  /// Rows whose columns have been computed so far, in the order they were (for tests).
  var computedRows: [Int] { columns.withLock { $0.rows } }
}
