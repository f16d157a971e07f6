import CatalogueSDK
import LinearAttention

/// The in-context regression problems, as a plugin of their own: every in-context plugin (memformer,
/// preconditioned-gd, linear-attention-dynamics, …) trains and tests on these, so they are registered once, here,
/// and versioned apart from any one method.
package let inContextRegression = Plugin(
  id: "org.catalogue.in-context-regression",
  name: "In-context regression problems",
  version: "0.1.0",
  summary: "Prompts of in-context linear regression (isotropic, rotated or heavy-tailed covariates, noise) shared "
    + "by the linear-attention plugins",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Garg, Tsipras, Liang, Valiant",
    title: "What Can Transformers Learn In-Context? A Case Study of Simple Function Classes",
    venue: "NeurIPS", year: 2022, arxiv: "2208.01066", url: "https://arxiv.org/abs/2208.01066"),
  algorithms: [],
  problems: [RegressionPrompts.family],
  experiments: []
)
