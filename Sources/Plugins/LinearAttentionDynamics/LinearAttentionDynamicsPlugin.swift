import CatalogueSDK

/// The linear-attention-dynamics plugin: a shallow linear transformer on in-context regression as a cheap, exact
/// testbed for optimiser research, with the four measurements the paper uses to show that it behaves like a real
/// Transformer (Adam ≫ SGD, heavy-tailed gradient noise, ill-conditioning, (L0, L1)-smoothness).
package let linearAttentionDynamics = Plugin(
  id: "org.catalogue.linear-attention-dynamics",
  name: "Linear attention training dynamics",
  version: "0.3.0",
  summary: "Shallow linear transformers trained with SGDM and Adam on in-context regression, with test-loss, "
    + "gradient-noise, Hessian-diagonal condition number and directional-smoothness measurements",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Ahn, Cheng, Song, Yun, Jadbabaie, Sra",
    title: "Linear attention is (maybe) all you need (to understand Transformer optimization)",
    venue: "ICLR", year: 2024, arxiv: "2310.01082", url: "https://arxiv.org/abs/2310.01082"),
  algorithms: [DynamicsAlgorithms.ltTrain, DynamicsAlgorithms.ltTrainMLP, DynamicsAlgorithms.ltGap],
  problems: [RandomFeatureRegression.family],
  experiments: DynamicsExperiments.all
)
