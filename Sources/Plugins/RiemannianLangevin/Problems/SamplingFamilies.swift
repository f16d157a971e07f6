import CatalogueSDK
import SeededRandom

/// The plugin's sampling problems (spec riemannian-langevin.md §4): each publishes its exact reference
/// expectations and the CDF of a 1-Lipschitz statistic (see ``SamplingReferences``).
enum SamplingFamilies {
  static let all = [vonMisesFisher, watson, hyperbolicGaussian, spdGaussian, finiteSumVonMisesFisher]

  static let vonMisesFisher = ProblemFamily(
    id: "vmf", name: "von Mises–Fisher on S^{d−1}",
    summary: "Density ∝ exp(κ μᵀx) on the sphere; E[μᵀx] = I_{d/2}(κ)/I_{d/2−1}(κ) (default S², κ = 5)",
    kind: .sampling,
    parameters: [
      .int("ambient_dimension", default: 3, in: 3...64, help: "d: the sphere is S^{d−1} ⊂ ℝᵈ (3 for S², 10 for S⁹)"),
      .real("kappa", default: 5, max: 500, above: 0, help: "concentration κ"),
    ]
  ) { parameters, _ in
    let problem = try VonMisesFisher(
      ambientDimension: try parameters.int("ambient_dimension"), kappa: try parameters.real("kappa"))
    return ProblemInstance(.sampling(problem), references: problem.references.entries)
  }

  static let watson = ProblemFamily(
    id: "watson", name: "Watson on S²",
    summary: "Bipolar density ∝ exp(κ (μᵀx)²) on S², a nonconvex potential with two wells; E[(μᵀx)²] by quadrature",
    kind: .sampling,
    parameters: [.real("kappa", default: 5, max: 200, above: 0, help: "concentration κ (spec: 3–8)")]
  ) { parameters, _ in
    let problem = try Watson(kappa: try parameters.real("kappa"))
    return ProblemInstance(.sampling(problem), references: problem.references.entries)
  }

  static let hyperbolicGaussian = ProblemFamily(
    id: "hyperbolic-gaussian", name: "Riemannian Gaussian on H²",
    summary: "Density ∝ exp(−d(x, o)²/(2σ²)) on the hyperbolic plane (Lorentz model); E[d(x, o)²] by quadrature",
    kind: .sampling,
    parameters: [.real("sigma", default: 1, max: 10, above: 0, help: "scale σ")]
  ) { parameters, _ in
    let problem = try HyperbolicGaussian(sigma: try parameters.real("sigma"))
    return ProblemInstance(.sampling(problem), references: problem.references.entries)
  }

  static let spdGaussian = ProblemFamily(
    id: "spd-gaussian", name: "Riemannian Gaussian on SPD(2)",
    summary: "Density ∝ exp(−‖logm X‖²_F/(2σ²)) on SPD(2), affine-invariant metric; E‖logm X‖²_F by quadrature",
    kind: .sampling,
    parameters: [.real("sigma", default: 0.5, max: 5, above: 0, help: "scale σ")]
  ) { parameters, _ in
    let problem = try SPDGaussian(sigma: try parameters.real("sigma"))
    return ProblemInstance(.sampling(problem), references: problem.references.entries)
  }

  /// N term directions μᵢ = normalise(μ + spread·zᵢ) with zᵢ standard normal from the problem stream.
  static let finiteSumVonMisesFisher = ProblemFamily(
    id: "vmf-finite-sum", name: "Finite-sum von Mises–Fisher on S²",
    summary: "h = Σᵢ −(κ/N) μᵢᵀx over N random directions: vMF with mean ∝ Σμᵢ and κ‖Σμᵢ‖/N, for sg-glmc",
    kind: .sampling,
    parameters: [
      .int("terms", default: 100, in: 2...100_000, help: "N, the number of terms hᵢ"),
      .real("kappa", default: 5, max: 500, above: 0, help: "κ in hᵢ = −(κ/N) μᵢᵀx"),
      .real("spread", default: 0.6, min: 0, max: 10, help: "scatter of the directions μᵢ around μ ∝ (1, 2, 2)"),
    ]
  ) { parameters, rng in
    let terms = try parameters.int("terms")
    let spread = try parameters.real("spread")
    let mu = VonMisesFisher.normalized([1, 2, 2])
    var directions: [Double] = []
    directions.reserveCapacity(3 * terms)
    for _ in 0..<terms {
      directions += VonMisesFisher.normalized(mu.map { $0 + spread * rng.normal() })
    }
    let problem = try VonMisesFisher(
      ambientDimension: 3, kappa: try parameters.real("kappa"), directions: directions, terms: terms)
    return ProblemInstance(.sampling(problem), references: problem.references.entries)
  }
}
