import CatalogueSDK

/// The flat-minima plugin: the randomly smoothed (RS) and sharpness-aware (SA) perturbation methods of Ahn,
/// Jadbabaie and Sra, the paper's small test problems with their flatness metrics, and its claims as experiments.
package let flatMinima = Plugin(
  id: "org.catalogue.flat-minima",
  name: "Flat minima by random perturbations",
  version: "0.1.0",
  summary: "RS and SA perturbed gradient methods that escape sharp minima (Ahn, Jadbabaie, Sra, ICML 2024)",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Ahn, Jadbabaie, Sra", title: "How to Escape Sharp Minima with Random Perturbations",
    venue: "ICML 2024", year: 2024, arxiv: "2305.15659", url: "https://proceedings.mlr.press/v235/ahn24a.html"),
  algorithms: [RandomlySmoothed.algorithm, SharpnessAwarePerturbation.algorithm],
  problems: [Hyperbola.family, ScalarChain.family, DiagonalNetwork.family, TwoLayerNetwork.family],
  experiments: FlatMinimaExperiments.all
)
