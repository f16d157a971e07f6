import CatalogueSDK

/// The preconditioned-GD plugin: linear transformers trained for in-context regression learn preconditioned gradient
/// descent (Ahn, Cheng, Daneshmand, Sra, NeurIPS 2023), with the hand-built constructions the theorems describe and
/// the per-prompt solvers they are compared with. The prompts are the shared `icl-regression` problem.
package let preconditionedGD = Plugin(
  id: "org.catalogue.preconditioned-gd",
  name: "Preconditioned GD in context",
  version: "0.1.0",
  summary: "Trained linear transformers implement preconditioned gradient descent in context: training with "
    + "learned preconditioners, Theorem 1's closed-form optimum, constructions, and Σ⁻¹-PGD and OLS baselines",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Ahn, Cheng, Daneshmand, Sra",
    title: "Transformers learn to implement preconditioned gradient descent for in-context learning",
    venue: "NeurIPS", year: 2023, arxiv: "2306.00297", url: "https://arxiv.org/abs/2306.00297"),
  algorithms: [
    TrainedTransformer.algorithm, ConstructedTransformer.algorithm, SolverBaselines.preconditioned,
    SolverBaselines.leastSquares,
  ],
  problems: [],
  experiments: PreconditionedGDExperiments.all
)
