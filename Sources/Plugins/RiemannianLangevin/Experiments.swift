import CatalogueSDK

/// The validation suite of riemannian-langevin.md §4 as executable experiments (the paper itself has none).
///
/// Every run: M = 2000 chains, 2000 steps (quick: 600), the ergodic estimator after a burn-in of 5/(δL) steps,
/// i.e. five relaxation times 1/L of the target, so every step size averages over the same stretch of diffusion
/// time's worth of burn-in. Step sizes are quoted as δ·L (the `step` parameter).
enum LangevinExperiments {
  static let all = [vonMisesFisher, watson, hyperbolic, spd, stochastic]

  static let steps = [0.2, 0.1, 0.05, 0.02, 0.01]

  /// A run group of `algorithm` at δ = step/L on `problem`.
  static func group(
    _ label: String, _ algorithm: String, _ problem: String, step: Double, _ extra: [(String, String)] = [],
    problemParameters: [(String, String)] = [], seeds: Int = 2
  ) -> Experiment.RunGroup {
    let burnIn = Int((5 / step).rounded())
    return .init(
      label: label, algorithm: algorithm, problem: problem,
      algorithmParameters: [("step", "\(step)"), ("burn_in", "\(burnIn)"), ("samples", "2000")] + extra,
      problemParameters: problemParameters, seeds: seeds, maxIterations: 2000, quickSeeds: 1,
      quickMaxIterations: 600)
  }

  /// GLMC at the five step sizes (labels glmc-0.2 … glmc-0.01).
  static func sweep(_ problem: String, _ parameters: [(String, String)]) -> [Experiment.RunGroup] {
    steps.map { group("glmc-\($0)", "glmc", problem, step: $0, problemParameters: parameters) }
  }

  /// |bias| at δ = 0.2/L over |bias| at δ = 0.05/L within [2.5, 6.5]: a log–log slope in [0.66, 1.35] over a factor
  /// of four in δ (the first-order bias of Euler–Murayama, §2).
  static func slopeClaims(_ name: String) -> [Experiment.Claim] {
    [
      .init(
        id: "\(name)-bias-falls-with-step",
        statement: "|bias| at δ = 0.05/L is at most 0.4 × |bias| at δ = 0.2/L (log–log slope ≥ 0.66)",
        run: "glmc-0.05", metric: "abs_bias", aggregate: .mean,
        check: .atMostRatio(other: "glmc-0.2", ratio: 0.4)),
      .init(
        id: "\(name)-bias-linear-not-faster",
        statement: "|bias| at δ = 0.2/L is at most 6.5 × |bias| at δ = 0.05/L (log–log slope ≤ 1.35)",
        run: "glmc-0.2", metric: "abs_bias", aggregate: .mean,
        check: .atMostRatio(other: "glmc-0.05", ratio: 6.5)),
    ]
  }

  /// At δ = 0.01/L the ergodic estimate is within `bound` standard errors of the exact reference.
  static func convergedClaim(_ name: String, bound: Double) -> Experiment.Claim {
    .init(
      id: "\(name)-reaches-reference",
      statement: "At δ = 0.01/L the chains reach the exact reference within Monte Carlo error (|bias| ≤ "
        + "\(bound) standard errors)",
      run: "glmc-0.01", metric: "abs_bias_in_stderrs", aggregate: .max, check: .range(lower: 0, upper: bound))
  }

  /// ULA-project's |bias| at δ = 0.1/L exceeds GLMC's by a factor of at least 1/ratio.
  static func baselineClaim(_ name: String, ratio: Double) -> Experiment.Claim {
    .init(
      id: "\(name)-glmc-beats-ula-project",
      statement: "On a curved space GLMC's |bias| at δ = 0.1/L is at most \(ratio) × that of embedded ULA with "
        + "projection",
      run: "glmc-0.1", metric: "abs_bias", aggregate: .mean, check: .atMostRatio(other: "ula-project", ratio: ratio))
  }

  static let vonMisesFisher = Experiment(
    id: "langevin-vmf",
    title: "GLMC bias against δ on von Mises–Fisher, S² (κ = 5) and S⁹",
    summary: "E[μᵀx] = coth κ − 1/κ = 0.800091 on S²; GLMC at δL ∈ {0.2, 0.1, 0.05, 0.02, 0.01}, the retraction "
      + "variant and embedded ULA with normalisation at δL = 0.1, and GLMC on S⁹ at δL = 0.1 and 0.01.",
    runs: sweep("vmf", []) + [
      group("retraction-0.1", "glmc-retraction", "vmf", step: 0.1),
      group("ula-project", "ula-project", "vmf", step: 0.1),
      group("s9-glmc-0.1", "glmc", "vmf", step: 0.1, problemParameters: [("ambient_dimension", "10")]),
      group("s9-glmc-0.01", "glmc", "vmf", step: 0.01, problemParameters: [("ambient_dimension", "10")]),
    ],
    claims: slopeClaims("vmf") + [
      convergedClaim("vmf", bound: 4),
      .init(
        id: "vmf-ula-project-not-worse-on-s2",
        statement: "Measured, against spec §6's expectation: on S² embedded ULA with normalisation is not more biased "
          + "than GLMC at δ = 0.1/L (its |bias| is at most GLMC's)",
        run: "ula-project", metric: "abs_bias", aggregate: .mean, check: .atMostRatio(other: "glmc-0.1", ratio: 1)),
      .init(
        id: "s9-bias-falls", statement: "On S⁹ |bias| at δ = 0.01/L is at most 0.5 × |bias| at δ = 0.1/L",
        run: "s9-glmc-0.01", metric: "abs_bias", aggregate: .mean, check: .atMostRatio(other: "s9-glmc-0.1", ratio: 0.5)
      ),
      .init(
        id: "vmf-w1-small", statement: "At δ = 0.01/L the W₁ distance of μᵀx to its exact law is below 0.015",
        run: "glmc-0.01", metric: "w1_mu_dot_x", aggregate: .max, check: .range(lower: 0, upper: 0.015)),
    ])

  static let watson = Experiment(
    id: "langevin-watson",
    title: "GLMC bias against δ on the bipolar Watson distribution on S² (κ = 5)",
    summary: "E[(μᵀx)²] = 0.76427 by quadrature; a nonconvex potential with two wells. GLMC at five step sizes, "
      + "embedded ULA at δL = 0.1; mode switches per unit time are reported.",
    runs: sweep("watson", []) + [group("ula-project", "ula-project", "watson", step: 0.1)],
    claims: slopeClaims("watson") + [convergedClaim("watson", bound: 4)])

  static let hyperbolic = Experiment(
    id: "langevin-hyperbolic",
    title: "GLMC bias against δ on the Riemannian Gaussian on H² (σ = 1)",
    summary: "E[d(x, o)²] = 2.70887 by quadrature, curvature −1. GLMC at five step sizes; embedded ULA in the "
      + "Lorentz model with renormalisation at δL = 0.1.",
    runs: sweep("hyperbolic-gaussian", []) + [
      group("ula-project", "ula-project", "hyperbolic-gaussian", step: 0.1)
    ],
    claims: slopeClaims("h2") + [convergedClaim("h2", bound: 4), baselineClaim("h2", ratio: 0.5)])

  static let spd = Experiment(
    id: "langevin-spd",
    title: "GLMC bias against δ on the Riemannian Gaussian on SPD(2) (σ = 0.5)",
    summary: "E‖logm X‖²_F = 0.77101 by quadrature with the sinh(|r₁ − r₂|/2) Jacobian. GLMC at five step sizes; "
      + "embedded ULA on the matrix entries with eigenvalue clipping at δL = 0.1.",
    runs: sweep("spd-gaussian", []) + [group("ula-project", "ula-project", "spd-gaussian", step: 0.1)],
    claims: slopeClaims("spd") + [convergedClaim("spd", bound: 4), baselineClaim("spd", ratio: 0.5)])

  static let stochastic = Experiment(
    id: "langevin-sg",
    title: "Stochastic-gradient GLMC: the extra bias grows as the batch shrinks",
    summary: "Finite-sum vMF on S² with N = 100 terms; sg-glmc at δL = 0.1 with b = 100 (exact gradient), 10 and 1.",
    runs: [100, 10, 1].map { b in
      group("sg-b\(b)", "sg-glmc", "vmf-finite-sum", step: 0.1, [("batch", "\(b)")])
    },
    claims: [
      .init(
        id: "sg-b1-worse-than-b10",
        statement:
          "The gradient noise adds bias as the batch shrinks: |bias| with b = 10 is at most 0.7 × |bias| with b = 1",
        run: "sg-b10", metric: "abs_bias", aggregate: .mean, check: .atMostRatio(other: "sg-b1", ratio: 0.7)),
      .init(
        id: "sg-b10-near-exact",
        statement:
          "With b = 10 of N = 100 terms the extra bias is small: |bias| at most 1.5 × the exact gradient's (b = 100)",
        run: "sg-b10", metric: "abs_bias", aggregate: .mean, check: .atMostRatio(other: "sg-b100", ratio: 1.5)),
    ])
}
