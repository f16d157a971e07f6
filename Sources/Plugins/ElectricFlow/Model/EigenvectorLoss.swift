/// The eigenvector notebook's loss (electric-flow.md §4.1, `L_ev_loss`): for each scored column j, the output column
/// v̂_j is divided by its norm and compared with the unit eigenvector v_j of L up to sign,
/// min(‖v̂_j/‖v̂_j‖ − v_j‖², ‖v̂_j/‖v̂_j‖ + v_j‖²), summed over the columns. Training scores eigenvectors 2…n (indices
/// 1…n−1 of LAPACK's ascending order): the constant eigenvector of λ₁ = 0 is dropped.
enum EigenvectorLoss {
  /// The columns the notebook scores for n nodes: 1…n−1.
  static func scoredColumns(nodes n: Int) -> Range<Int> { 1..<n }

  /// The loss of one graph: `output` and `eigenvectors` are n × n, column-major (column j ↔ eigenvalue j ascending).
  static func graphLoss(
    _ output: UnsafeBufferPointer<Double>, _ eigenvectors: UnsafeBufferPointer<Double>, nodes n: Int,
    columns: Range<Int>
  ) -> Double {
    var loss = 0.0
    for j in columns {
      var oo = 0.0
      var vv = 0.0
      for a in 0..<n {
        oo += output[a + j * n] * output[a + j * n]
        vv += eigenvectors[a + j * n] * eigenvectors[a + j * n]
      }
      let (ro, rv) = (1 / oo.squareRoot(), 1 / vv.squareRoot())
      // Both sums directly, not 2 − 2|cos|: that form loses the small losses of a converged column to cancellation.
      var minus = 0.0
      var plus = 0.0
      for a in 0..<n {
        let (u, v) = (output[a + j * n] * ro, eigenvectors[a + j * n] * rv)
        minus += (u - v) * (u - v)
        plus += (u + v) * (u + v)
      }
      loss += min(minus, plus)
    }
    return loss
  }

  /// ``graphLoss(_:_:nodes:columns:)`` and its gradient with respect to `output` (written to `gradient`, n × n;
  /// zero on unscored columns). Per column o = v̂_j, with r = ‖o‖, u = o/r, c = ⟨u, v⟩/‖v‖ and the sign
  /// s = +1 when the "−" branch is the minimum (c ≥ 0), else −1, the column's loss is 2 − 2sc and its gradient
  /// −(2s/r)·(v/‖v‖ − c·u). A zero column (no direction) gets a zero gradient.
  static func graphLossAndGradient(
    _ output: UnsafeBufferPointer<Double>, _ eigenvectors: UnsafeBufferPointer<Double>, nodes n: Int,
    columns: Range<Int>, gradient: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    gradient.update(repeating: 0)
    var loss = 0.0
    for j in columns {
      var oo = 0.0
      var vv = 0.0
      for a in 0..<n {
        oo += output[a + j * n] * output[a + j * n]
        vv += eigenvectors[a + j * n] * eigenvectors[a + j * n]
      }
      let (r, rv) = (oo.squareRoot(), 1 / vv.squareRoot())
      let ro = 1 / r
      var minus = 0.0
      var plus = 0.0
      var cosine = 0.0
      for a in 0..<n {
        let (u, v) = (output[a + j * n] * ro, eigenvectors[a + j * n] * rv)
        minus += (u - v) * (u - v)
        plus += (u + v) * (u + v)
        cosine += u * v
      }
      loss += min(minus, plus)
      guard r > 0 else { continue }
      let s: Double = minus <= plus ? 1 : -1
      for a in 0..<n {
        let (u, v) = (output[a + j * n] * ro, eigenvectors[a + j * n] * rv)
        gradient[a + j * n] = -2 * s * ro * (v - cosine * u)
      }
    }
    return loss
  }
}
