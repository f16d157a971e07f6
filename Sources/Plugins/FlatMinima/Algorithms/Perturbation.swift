import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The perturbation vₜ of a gated step xₜ₊₁ = xₜ − η(∇f(xₜ) + vₜ): the one place RS and SA differ.
///
/// Both return the part of a gradient taken at a perturbed point that is orthogonal to ∇f(xₜ), so the step does
/// not work against descent on f (spec §6, mistake 1). Averaged over the randomness, vₜ ≈ (ρ²/2)·Proj⊥∇tr̄ for RS
/// and ≈ (ρ²/2)·Proj⊥∇tr ∇²f for SA on Setting 1 (spec §3.2–3.3): the same drift d times larger.
enum Perturbation: Sendable, Equatable {
  /// Algorithm 1 (spec §3.2): vₜ = Proj⊥_{∇f(xₜ)} ∇f(xₜ + ρgₜ), gₜ uniform on the unit sphere.
  case randomlySmoothed
  /// Algorithm 2 (spec §3.3): a batch B, u = ∇f_B(xₜ)/‖∇f_B(xₜ)‖, a sign σ, vₜ = Proj⊥_{∇f(xₜ)} ∇f_B(xₜ + ρσu).
  /// `batchSize` 0 means the full objective; a zero ∇f_B(xₜ) takes the direction of ∇f_B(xₜ + ξ) with
  /// ‖ξ‖ = `fallbackRadius` (Remark 2).
  case sharpnessAware(batchSize: Int, fallbackRadius: Double)

  /// vₜ at x, given g = ∇f(x). Draws from `rng`: RS one unit vector; SA the batch, then (only if ∇f_B(x) = 0) ξ,
  /// then σ.
  func vector(
    _ f: any ObjectiveFunction, at x: [Double], gradient g: [Double], rho: Double, rng: inout CatalogueRandom
  ) throws -> [Double] {
    switch self {
    case .randomlySmoothed:
      let direction = rng.unitVector(f.dimension)
      let w = try f.gradient(ArrayMath.axpy(x, rho, direction)).gradient
      return ArrayMath.rejection(w, from: g)
    case .sharpnessAware(let batchSize, let fallbackRadius):
      let batch = Self.batch(size: batchSize, of: f.sampleCount, rng: &rng)
      let sampleGradient = try batch.map { try f.gradient(x, samples: $0).gradient } ?? g
      let direction: [Double]
      let norm = ArrayMath.norm(sampleGradient)
      if norm > 0 {
        direction = ArrayMath.scale(1 / norm, sampleGradient)
      } else {
        // Remark 2: the direction of the sample gradient at a tiny random offset.
        let xi = ArrayMath.scale(fallbackRadius, rng.unitVector(f.dimension))
        let shifted = try f.gradient(ArrayMath.axpy(x, 1, xi), samples: batch).gradient
        let shiftedNorm = ArrayMath.norm(shifted)
        direction =
          shiftedNorm > 0 ? ArrayMath.scale(1 / shiftedNorm, shifted) : ArrayMath.scale(1 / fallbackRadius, xi)
      }
      let sigma = rng.sign()
      let w = try f.gradient(ArrayMath.axpy(x, rho * sigma, direction), samples: batch).gradient
      return ArrayMath.rejection(w, from: g)
    }
  }

  /// `size` distinct examples drawn uniformly (a partial Fisher–Yates shuffle), or nil for the full objective
  /// (`size` 0, or every example).
  static func batch(size: Int, of count: Int, rng: inout CatalogueRandom) -> [Int]? {
    guard size > 0 && size < count else { return nil }
    if size == 1 { return [rng.index(below: count)] }
    var indices = Array(0..<count)
    for j in 0..<size { indices.swapAt(j, j + rng.index(below: count - j)) }
    return Array(indices.prefix(size))
  }
}
