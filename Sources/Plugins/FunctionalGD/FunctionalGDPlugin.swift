import CatalogueSDK

/// The functional-GD plugin: transformers with non-linear attention trained on Gaussian-process prompts, the
/// hand-built functional-GD construction, and the functional-GD and Bayes baselines of the (data kernel × h) grid.
package let functionalGD = Plugin(
  id: "org.catalogue.functional-gd",
  name: "Functional gradient descent in context",
  version: "0.1.0",
  summary: "Non-linear-attention transformers implement functional GD in the RKHS of h: trained kernel-attention "
    + "transformers, the Proposition 3.1 construction, tuned functional GD and the GP posterior mean on GP prompts",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Cheng, Chen, Sra",
    title: "Transformers Implement Functional Gradient Descent to Learn Non-Linear Functions In Context",
    venue: "ICML", year: 2024, arxiv: "2312.06528", url: "https://proceedings.mlr.press/v235/cheng24a.html"),
  algorithms: [
    KernelTransformerAlgorithm.algorithm, Construction.algorithm, Baselines.fgd, Baselines.gpBayes,
  ],
  problems: [GPPrompts.family],
  experiments: FunctionalGDExperiments.all
)
