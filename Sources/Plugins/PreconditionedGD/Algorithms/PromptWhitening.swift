import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// The change of variables that turns Σ⁻¹-preconditioned GD into plain GD.
///
/// With x̃ = Σ^{-1/2}·x and u = Σ^{1/2}·w, the step w ← w − η·Σ⁻¹·∇R(w) becomes u ← u − η·∇R̃(u) on the whitened
/// prompt (same labels, same predictions ⟨w, x⟩ = ⟨u, x̃⟩), so the shared spectral GD of ``NormalEquations`` runs
/// Σ⁻¹-PGD exactly, and its step-size search tunes it.
struct PromptWhitening {
  /// Σ^{-1/2}.
  let map: Matrix

  init(covariance: Matrix) throws {
    map = try covariance.symmetricInverseSqrt()
  }

  /// The prompts with every covariate (context and query) mapped by Σ^{-1/2}; labels and query targets unchanged.
  func apply(_ batch: PromptBatch) throws -> PromptBatch {
    let (d, n) = (batch.featureDimension, batch.contextLength)
    let prompts = batch.prompts.map { z -> Matrix in
      let x = Matrix(rows: d, cols: n + 1) { i, j in z[i, j] }
      let whitened = map * x
      return Matrix(rows: d + 1, cols: n + 1) { i, j in i < d ? whitened[i, j] : z[i, j] }
    }
    return try PromptBatch(prompts: prompts, queryTargets: batch.queryTargets, featureDimension: d, contextLength: n)
  }
}
