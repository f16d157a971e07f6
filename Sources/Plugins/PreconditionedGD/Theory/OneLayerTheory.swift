import CatalogueSDK
import LinearAlgebra

/// The population loss of a one-layer sparse linear transformer and its global minimiser (Theorem 1 of Ahn et al.,
/// preconditioned-gd.md §2.1), for covariates x ~ N(0, Σ), tasks w ~ N(0, Ω) and label noise σ².
///
/// A one-layer sparse model with block A predicts ŷ = x_queryᵀ·Γ·(1/n)·X·y with Γ = Aᵀ (one step of preconditioned GD
/// from w = 0, common-incontext-regression.md §5). With S = X·Xᵀ/n and the Wishart moment
/// E[S·Ω·S] = ((n+1)/n)·Σ·Ω·Σ + (1/n)·tr(ΩΣ)·Σ, its expected squared error is the quadratic
///
///   L(A) = tr(Σ·Γ·M·Γᵀ) − 2·tr(Σ·Γ·Σ·Ω) + tr(Σ·Ω) + σ²,   M = ((n+1)/n)·Σ·Ω·Σ + ((tr(ΩΣ) + σ²)/n)·Σ,
///
/// minimised at Γ* = Ω·Σ·M⁻¹, i.e. **A* = M⁻¹·Σ·Ω**, with L* = tr(Σ·Ω) + σ² − tr(Σ·Γ*·Σ·Ω). For Ω = I and σ = 0 this is
/// the paper's A₀ = (((n+1)/n)·Σ + (tr Σ/n)·I)⁻¹; for Ω = Σ⁻¹ it is n/(n+1+d)·Σ⁻¹ (the pitfall of §6: the theorem's
/// formula holds only for w ~ N(0, I)). The general Ω and σ² are our derivation [P]; the paper states Ω = I, σ = 0.
public struct OneLayerTheory: Sendable {
  /// Σ.
  public let covariance: Matrix
  /// Ω = E[w·wᵀ].
  public let taskCovariance: Matrix
  /// σ².
  public let noiseVariance: Double
  /// n.
  public let contextLength: Int
  /// M = E[S·Ω·S] + (σ²/n)·Σ.
  let moment: Matrix

  /// The theory for Σ, Ω, σ² and n context points; throws on shapes that do not match.
  public init(covariance: Matrix, taskCovariance: Matrix, noiseVariance: Double = 0, contextLength n: Int) throws {
    let d = covariance.rows
    guard covariance.isSquare, taskCovariance.rows == d, taskCovariance.cols == d, n >= 1, noiseVariance >= 0 else {
      throw PluginError(.invalidArgument, "one-layer theory needs d×d Σ and Ω, n ≥ 1 and σ² ≥ 0")
    }
    self.covariance = covariance
    self.taskCovariance = taskCovariance
    self.noiseVariance = noiseVariance
    contextLength = n
    let sigmaOmega = covariance * taskCovariance
    let ratio = Double(n + 1) / Double(n)
    let shift = (sigmaOmega.trace + noiseVariance) / Double(n)
    moment = ((sigmaOmega * covariance) * ratio + covariance * shift).symmetrized()
  }

  /// The theorem's setting: x ~ N(0, Σ), w ~ N(0, I), no noise.
  public init(covariance: Matrix, contextLength n: Int) throws {
    try self.init(covariance: covariance, taskCovariance: Matrix.identity(covariance.rows), contextLength: n)
  }

  /// A* = M⁻¹·Σ·Ω, the block of the optimal sparse layer Q = −[[A*, 0], [0, 0]].
  public func optimalPreconditioner() throws -> Matrix {
    try moment.solve(covariance * taskCovariance)
  }

  /// L(A), the exact expected squared error of the one-layer sparse model with block `a`.
  public func loss(preconditioner a: Matrix) -> Double {
    let gamma = a.transposed()
    let fit = (covariance * gamma * moment * a).trace
    let cross = (covariance * gamma * covariance * taskCovariance).trace
    return fit - 2 * cross + (covariance * taskCovariance).trace + noiseVariance
  }

  /// L* = L(A*).
  public func optimalLoss() throws -> Double {
    let gamma = try optimalPreconditioner().transposed()
    return (covariance * taskCovariance).trace + noiseVariance
      - (covariance * gamma * covariance * taskCovariance).trace
  }
}
