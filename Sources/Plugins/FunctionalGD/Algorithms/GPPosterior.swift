import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// The Gaussian-process posterior at each prompt's query (functional-gd.md §2.3, §6): with Σ the joint covariance
/// of all n + 1 labels (``DataKernel/jointCovariance(_:scale:jitter:)``, the matrix the sampler factored), K_c its
/// context block and k_q its query column, the mean k_qᵀ·K_c⁻¹·y_c and the variance Σ_qq − k_qᵀ·K_c⁻¹·k_q.
/// One LAPACK Cholesky of K_c per prompt.
enum GPPosterior {
  /// Squared errors of the posterior mean and the posterior variances, prompt by prompt.
  static func evaluate(_ batch: PromptBatch, kernel: DataKernel, scale: Double, jitter: Double) throws
    -> (errors: [Double], variances: [Double])
  {
    let (d, n) = (batch.featureDimension, batch.contextLength)
    var errors: [Double] = []
    var variances: [Double] = []
    for b in 0..<batch.count {
      let z = batch.prompts[b]
      let points = Matrix(rows: d, cols: n + 1) { i, j in z[i, j] }
      let joint = try kernel.jointCovariance(points, scale: scale, jitter: jitter)
      let context = Matrix(rows: n, cols: n) { i, j in joint[i, j] }
      let query = Matrix(rows: n, cols: 2) { i, j in j == 0 ? z[d, i] : joint[i, n] }
      let solved = try Cholesky(context).solve(query)
      var mean = 0.0
      var explained = 0.0
      for i in 0..<n {
        mean += joint[i, n] * solved[i, 0]
        explained += joint[i, n] * solved[i, 1]
      }
      let error = mean - batch.queryTargets[b]
      errors.append(error * error)
      variances.append(joint[n, n] - explained)
    }
    return (errors, variances)
  }
}
