import CatalogueSDK
import LinearAlgebra

/// Weight-space counterparts of the sparse transformer (common-incontext-regression.md §5, memformer.md §2.2).
///
/// With the sparse parametrisation the label row of Z_ℓ holds the residuals yᵢ − ⟨w_ℓ, xᵢ⟩ and the query slot
/// −⟨w_ℓ, x_query⟩, and each layer moves w by a fixed-coefficient first-order step. These are the recurrences the
/// equivalence tests compare the transformer against, written with plain BLAS products.
public enum WeightSpace {
  /// ∇R(w) = (1/n)·X·(Xᵀw − y) over all n context points of prompt b.
  public static func riskGradient(_ batch: PromptBatch, prompt b: Int, at w: Vector) -> Vector {
    let x = batch.contextFeatures(b)
    var residual = Matrix.product(x, w, transpose: true)
    residual.add(batch.contextLabels(b), scaledBy: -1)
    return Matrix.product(x, residual, alpha: 1 / Double(batch.contextLength))
  }

  /// The CG-like recurrence with fixed coefficients, from w₀ = 0:
  /// s_ℓ = −A_ℓᵀ·∇R(w_ℓ) + γ_ℓ·s_{ℓ−1}, w_{ℓ+1} = w_ℓ + α_ℓ·s_ℓ (γ₀ is ignored, s_{−1} = 0).
  /// With γ = 0 and α = 1 it is preconditioned GD w_{ℓ+1} = w_ℓ − A_ℓᵀ∇R(w_ℓ). Returns w₀, …, w_L.
  public static func memoryRecurrence(
    _ batch: PromptBatch, prompt b: Int, preconditioners: [Matrix], gamma: [Double]? = nil, alpha: [Double]? = nil
  ) -> [Vector] {
    let d = batch.featureDimension
    var w = Vector(count: d)
    var s = Vector(count: d)
    var iterates = [w]
    for (l, a) in preconditioners.enumerated() {
      let g = riskGradient(batch, prompt: b, at: w)
      let previous = s
      s = Matrix.product(a, g, transpose: true, alpha: -1)
      if l > 0, let gamma { s.add(previous, scaledBy: gamma[l]) }
      w.add(s, scaledBy: alpha?[l] ?? 1)
      iterates.append(w)
    }
    return iterates
  }

  /// The label row a sparse transformer must hold for iterate w: yᵢ − ⟨w, xᵢ⟩ for i ≤ n, then −⟨w, x_query⟩.
  public static func labelRow(_ batch: PromptBatch, prompt b: Int, at w: Vector) -> [Double] {
    var context = batch.contextLabels(b)
    context.addProduct(batch.contextFeatures(b), w, transpose: true, alpha: -1)
    return context.elements + [-batch.queryFeatures(b).dot(w)]
  }
}

extension LinearTransformer {
  /// For the sparse parametrisation, the preconditioner of each layer, A_ℓ = Σ_h A_{ℓh} (full d×d, a scalar block
  /// expanded to a·I); nil for the other parametrisations, which are not weight-space methods.
  public var effectivePreconditioners: [Matrix]? {
    let c = configuration
    guard c.parametrisation == .sparse else { return nil }
    let d = c.featureDimension
    return (0..<c.layers).map { l in
      var sum = Matrix(rows: d, cols: d)
      for h in 0..<c.heads {
        let q = attentionMatrices(layer: l, head: h).q
        for j in 0..<d {
          for i in 0..<d { sum[i, j] -= q[i, j] }
        }
      }
      return sum
    }
  }
}

/// The optimal one-layer sparse transformer for Gaussian covariates x ~ N(0, Σ) and tasks w ~ N(0, I)
/// (Theorem 1 of the preconditioned-GD paper, common-incontext-regression.md §9.5):
/// A₀ = (((n+1)/n)·Σ + (tr Σ/n)·I)⁻¹ and L* = Σᵢ [σᵢ − σᵢ²/(((n+1)/n)·σᵢ + tr Σ/n)] over the eigenvalues σᵢ of Σ.
/// In the isotropic case A₀ = n/(n+1+d)·I and L* = d(d+1)/(n+1+d).
public enum OneLayerOptimum {
  /// A₀ for covariance Σ and n context points.
  public static func preconditioner(covariance: Matrix, contextLength n: Int) throws -> Matrix {
    let eigen = try SymmetricEigen(covariance)
    let (ratio, shift) = coefficients(eigen.values, n)
    return eigen.reconstructed { 1 / (ratio * $0 + shift) }
  }

  /// L* for covariance Σ and n context points.
  public static func loss(covariance: Matrix, contextLength n: Int) throws -> Double {
    let values = try SymmetricEigen.values(of: covariance)
    let (ratio, shift) = coefficients(values, n)
    return values.reduce(0) { $0 + $1 - $1 * $1 / (ratio * $1 + shift) }
  }

  private static func coefficients(_ values: [Double], _ n: Int) -> (Double, Double) {
    (Double(n + 1) / Double(n), values.reduce(0, +) / Double(n))
  }
}
