import CatalogueSDK

/// The invex plugin: first-order and projected methods for invex programs (Barik, Sra, Honorio 2023), with the
/// test problems I1–I4 of the spec (docs/plugins/invex.md).
package let invex = Plugin(
  id: "org.catalogue.invex",
  name: "Invex programs",
  version: "0.1.0",
  summary: "Invex gradient descent with injected kernels (identity, geodesic, diffeomorphism) and its projected form",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Adarsh Barik, Suvrit Sra, Jean Honorio",
    title: "Invex Programs: First Order Algorithms and Their Convergence", venue: "arXiv preprint", year: 2023,
    arxiv: "2307.04456"),
  algorithms: [InvexAlgorithms.gradientDescent, InvexAlgorithms.projectedGradientDescent],
  problems: [
    ReparametrisedLeastSquares.family, ReparametrisedLeastSquares.boxFamily, GaussianLikelihood.family,
    KarcherMean.family, TylerEstimator.family, SineSquared.family,
  ],
  experiments: InvexExperiments.all
)
