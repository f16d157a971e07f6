import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// What a trained or constructed model says about the theorems: each layer's preconditioner block, its distance to
/// the forms the theory predicts, and the loss of the preconditioned GD that uses the same blocks.
///
/// Blocks are reported in the sparse convention of parametrisation (a), Q_ℓ = −[[A_ℓ, 0], [0, 0]] and
/// w_{ℓ+1} = w_ℓ − A_ℓᵀ·∇R(w_ℓ) (common-incontext-regression.md §5). Parametrisation (b) stores Q = +[[A, 0], [0, 0]],
/// so its preconditioner is the negated sum over heads; with its B blocks set to zero the model *is* that
/// preconditioned GD, which is the "equivalent preconditioned GD" whose loss is reported next to the model's.
struct PreconditionerReport {
  /// A_ℓ per layer (sparse convention, summed over heads).
  let preconditioners: [Matrix]
  /// ‖A_ℓ − (tr A_ℓ/d)·I‖_F / ‖A_ℓ‖_F.
  let identityDistances: [Double]
  /// Best a_ℓ with A_ℓ ≈ a_ℓ·Σ⁻¹ and the relative residual (nil without a fixed Σ).
  let sigmaInverseFits: [(coefficient: Double, distance: Double)]?

  init(_ model: LinearTransformer, covariance: Matrix?) throws {
    let c = model.configuration
    let d = c.featureDimension
    preconditioners = (0..<c.layers).map { l in
      var sum = Matrix(rows: d, cols: d)
      for h in 0..<c.heads {
        let q = model.attentionMatrices(layer: l, head: h).q
        for j in 0..<d {
          for i in 0..<d { sum[i, j] -= q[i, j] }
        }
      }
      return sum
    }
    identityDistances = preconditioners.map(PreconditionerGeometry.identityDistance)
    if let covariance {
      let inverse = try Cholesky(covariance).inverse()
      sigmaInverseFits = preconditioners.map { PreconditionerGeometry.multipleDistance($0, of: inverse) }
    } else {
      sigmaInverseFits = nil
    }
  }

  /// Predictions of L steps of preconditioned GD w_{ℓ+1} = w_ℓ − A_ℓᵀ∇R(w_ℓ) from w₀ = 0, prompt by prompt, computed
  /// in weight space (independently of the transformer code).
  func preconditionedGDPredictions(_ batch: PromptBatch) -> [Double] {
    (0..<batch.count).map { b in
      let w = WeightSpace.memoryRecurrence(batch, prompt: b, preconditioners: preconditioners).last!
      return batch.queryFeatures(b).dot(w)
    }
  }

  /// Records `preconditioner_<label>_<ℓ>` (d×d column-major), `identity_distance_<label>`,
  /// `sigma_inverse_step_<label>` and `sigma_inverse_distance_<label>` (per layer, with the largest distances as
  /// `max_identity_distance_<label>` and `max_sigma_inverse_distance_<label>`), and the equivalent preconditioned
  /// GD's `pgd_test_loss_<label>`, `ln_pgd_test_loss_<label>` and `pgd_prediction_gap_<label>` (largest
  /// |ŷ_model − ŷ_PGD| / max(1, |ŷ_PGD|) on the test set: round-off for the sparse parametrisation).
  func record(
    _ label: String, model: LinearTransformer, testSet: PromptBatch, run: Run
  ) throws {
    for (l, a) in preconditioners.enumerated() { try run.result("preconditioner_\(label)_\(l)", vector: a.elements) }
    try run.result("identity_distance_\(label)", vector: identityDistances)
    try run.result("max_identity_distance_\(label)", identityDistances.max()!)
    if let fits = sigmaInverseFits {
      try run.result("sigma_inverse_step_\(label)", vector: fits.map(\.coefficient))
      try run.result("sigma_inverse_distance_\(label)", vector: fits.map(\.distance))
      try run.result("max_sigma_inverse_distance_\(label)", fits.map(\.distance).max()!)
    }
    let pgd = preconditionedGDPredictions(testSet)
    let model = try model.predictions(testSet)
    var gap = 0.0
    for (a, b) in zip(model, pgd) { gap = max(gap, abs(a - b) / max(1, abs(b))) }
    let loss = TestLoss(squaredErrors: zip(pgd, testSet.queryTargets).map { ($0 - $1) * ($0 - $1) })
    try run.result("pgd_test_loss_\(label)", loss.mean)
    try run.result("ln_pgd_test_loss_\(label)", loss.logMean)
    try run.result("pgd_prediction_gap_\(label)", gap)
  }
}
