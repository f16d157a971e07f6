import CatalogueSDK

/// The Memformer plugin: memory-augmented linear transformers trained to solve in-context linear regression, the
/// plain linear transformer they extend, and per-prompt first-order baselines on the same prompts.
package let memformer = Plugin(
  id: "org.catalogue.memformer",
  name: "Memformer",
  version: "0.1.0",
  summary: "Memory-augmented linear transformers (CG-like and LFOM memories) trained for in-context regression, "
    + "with per-prompt CG, GD, heavy-ball and Nesterov baselines",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Dutta, Sra",
    title: "Memory-augmented Transformers can implement Linear First-Order Optimization Methods",
    venue: "arXiv", year: 2024, arxiv: "2410.07263", url: "https://arxiv.org/abs/2410.07263"),
  algorithms: [
    TransformerAlgorithms.memformerCG, TransformerAlgorithms.memformerLFOM, TransformerAlgorithms.linearTransformer,
    PromptBaselines.cg, PromptBaselines.gd, PromptBaselines.heavyBall, PromptBaselines.nesterov,
  ],
  problems: [],
  experiments: MemformerExperiments.all
)
