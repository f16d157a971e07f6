import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// The Gaussian-process prompt problem of the paper's experiments (functional-gd.md §3, §5.1), kind
/// `regression-tasks`: covariates uniform on the unit sphere (optionally Σ-scaled) and labels y ~ N(0, K(X)) for a
/// linear, ReLU (K₊) or exp data kernel.
///
/// The instance publishes its data kernel as references (`data_kernel` 0 linear / 1 relu / 2 exp, `exp_scale` the α
/// its exp_scale setting means, `jitter`), so the Bayes predictor and the algorithms that default to the problem's exp scaling read them through
/// the host like any other client.
enum GPPrompts {
  static let id = "gp-prompts"

  /// The eigenvalues D of Σ = Uᵀ·D·U in the unofficial code's d = 5 setting.
  static let paperEigenvalues: [Double] = [1, 1, 0.25, 2.25, 1]

  static let parameters: [Parameter] = [
    .int("d", default: 5, in: 1...64, help: "feature dimension d (covariance=paper needs d = 5)"),
    .int("n", default: 10, in: 1...200, help: "context points per prompt"),
    .choice(
      "kernel", default: "relu", choices: DataKernel.allCases.map(\.rawValue),
      help: "data kernel K: linear ⟨u,v⟩, relu max(⟨u,v⟩,0) (sampled through K₊), exp exp(⟨u,v⟩)"),
    .choice(
      "covariance", default: "isotropic", choices: ["isotropic", "paper"],
      help: "isotropic: x uniform on the sphere; paper: x = Σ^{1/2}ξ, Σ = UᵀDU, D = (1,1,0.25,2.25,1), U random"),
    .choice(
      "exp_scale", default: "none", choices: ["none", "inverse-d"],
      help: "exp kernel exp(⟨u,v⟩) (none) or exp(⟨u,v⟩/d) (the unofficial code's scaling)"),
    .real("jitter", default: 1e-8, min: 0, max: 1, logScale: true, help: "diagonal jitter added to K before Cholesky"),
  ]

  static let family = ProblemFamily(
    id: id,
    name: "Gaussian-process regression prompts",
    summary: "Prompts (x₁, y₁, …, x_n, y_n, x_query) with x on the unit sphere and y ~ N(0, K(X)) for a linear, "
      + "ReLU (K₊) or exp kernel: the data of the functional-GD experiments",
    kind: .regressionTasks,
    parameters: parameters
  ) { params, rng in
    let sampler = try makeSampler(params, rng: &rng)
    let expScale = try params.string("exp_scale") == "inverse-d" ? 1 / Double(sampler.featureDimension) : 1
    return ProblemInstance(
      .regressionTasks(sampler),
      references: [("data_kernel", sampler.kernel.code), ("exp_scale", expScale), ("jitter", sampler.jitter)])
  }

  /// The sampler of validated problem parameters (a paper covariance draws U from `rng`).
  static func makeSampler(_ params: ParameterValues, rng: inout CatalogueRandom) throws -> GPPromptSampler {
    let d = try params.int("d")
    let name = try params.string("kernel")
    guard let kernel = DataKernel(rawValue: name) else {
      throw PluginError(.invalidArgument, "kernel must be linear, relu or exp, got '\(name)'")
    }
    let expScale = try params.string("exp_scale")
    let scale = kernel == .exp && expScale == "inverse-d" ? 1 / Double(d) : 1
    let root: Matrix
    switch try params.string("covariance") {
    case "isotropic":
      root = Matrix.identity(d)
    case "paper":
      guard d == paperEigenvalues.count else {
        throw PluginError(.invalidArgument, "covariance=paper is defined for d = 5 only (got d = \(d)); use isotropic")
      }
      var uniform = Matrix(rows: d, cols: d)
      for j in 0..<d {
        for i in 0..<d { uniform[i, j] = 2 * rng.uniform() - 1 }
      }
      let u = try SVD(uniform).u
      let scaled = u.scalingColumns(by: paperEigenvalues.map { $0.squareRoot() })
      root = Matrix.product(scaled, u, transposeB: true)
    case let other:
      throw PluginError(.invalidArgument, "covariance must be isotropic or paper, got '\(other)'")
    }
    return try GPPromptSampler(
      featureDimension: d, contextLength: try params.int("n"), kernel: kernel, scale: scale,
      jitter: try params.real("jitter"), rootCovariance: root)
  }
}
