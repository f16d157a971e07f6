import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// In-context regression through a fixed random ReLU feature map: y = ⟨w, φ(x)⟩ with x ~ N(0, I_d), w ~ N(0, I_d)
/// and φ a ReLU network ℝ^d → ℝ^d of hidden width 10 drawn once with PyTorch's default initialisation
/// (linear-attention-dynamics.md §3.2, `nonlinear_regression.ipynb`, whose `generate_data_mlp` uses one MLP drawn
/// under seed 7). **The prompt holds the raw x**, not φ(x): a model must learn the feature map to fit it.
///
/// The map is drawn from its own seed (`mlp_seed`), not from the run's seed, so every seed of an experiment faces
/// the same function, as in the notebook; the prompts are drawn per prompt in the order w, then x of each point.
/// It is a problem of this plugin rather than a parameter of the shared `icl-regression`: it changes the label law
/// (non-linear in x), not the covariate law that the shared problem's parameters describe.
struct RandomFeatureRegression: RegressionTaskSampler {
  let featureDimension: Int
  let contextLength: Int
  let noiseStd = 0.0
  /// The fixed feature map φ.
  let featureMap: ReLUNetwork

  static let id = "icl-mlp-regression"

  static let family = ProblemFamily(
    id: id,
    name: "In-context regression through a fixed random ReLU feature map",
    summary: "Prompts (x_i, ⟨w, φ(x_i)⟩) with x ~ N(0, I), w ~ N(0, I) per prompt and one fixed random ReLU MLP φ "
      + "(hidden width 10, seed 7): the non-linear variant of the linear-attention-dynamics paper",
    kind: .regressionTasks,
    parameters: [
      .int("d", default: 5, in: 1...256, help: "feature dimension d"),
      .int("n", default: 20, in: 1...100_000, help: "context points per prompt"),
      .int("hidden", default: 10, in: 1...10_000, help: "hidden width of the fixed feature map"),
      .int("mlp_seed", default: 7, in: 0...1_000_000_000, help: "seed of the fixed feature map (the notebook's 7)"),
    ]
  ) { params, _ in
    let d = try params.int("d")
    var rng = CatalogueRandom(seed: UInt64(try params.int("mlp_seed")), stream: 0)
    let map = ReLUNetwork(inputs: d, hidden: try params.int("hidden"), outputs: d, rng: &rng)
    let sampler = RandomFeatureRegression(featureDimension: d, contextLength: try params.int("n"), featureMap: map)
    return ProblemInstance(.regressionTasks(sampler))
  }

  func sample(batch: Int, rng: inout CatalogueRandom) throws -> RegressionBatch {
    guard batch >= 0 else { throw PluginError(.invalidArgument, "batch must be ≥ 0, got \(batch)") }
    let d = featureDimension
    let points = contextLength + 1
    var w = [Double](repeating: 0, count: d * batch)
    var x = Matrix(rows: d, cols: points * batch)
    x.withUnsafeMutableBufferPointer { buffer in
      for b in 0..<batch {
        for i in 0..<d { w[i + d * b] = rng.normal() }
        for i in 0..<(d * points) { buffer[d * points * b + i] = rng.normal() }
      }
    }
    let features = featureMap.forward(x).output
    var targets = [Double](repeating: 0, count: points * batch)
    features.withUnsafeBufferPointer { phi in
      for b in 0..<batch {
        for j in 0..<points {
          var y = 0.0
          for i in 0..<d { y += w[i + d * b] * phi[i + d * (j + points * b)] }
          targets[j + points * b] = y
        }
      }
    }
    return RegressionBatch(features: x.elements, targets: targets, tasks: w)
  }

  /// The covariates are N(0, I).
  func covariance() throws -> [Double]? {
    Matrix.identity(featureDimension).elements
  }
}
