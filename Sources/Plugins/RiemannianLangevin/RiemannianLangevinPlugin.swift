import CatalogueSDK

/// The riemannian-langevin plugin: geometric Langevin MCMC on Riemannian manifolds with exact and stochastic
/// gradients, its retraction variant and the naive embedded baseline, on sampling problems with exact references.
package let riemannianLangevin = Plugin(
  id: "org.catalogue.riemannian-langevin",
  name: "Riemannian Langevin",
  version: "0.2.0",
  summary: "Geometric Langevin MCMC (exponential map or retraction, exact or stochastic gradients) on spheres, H² "
    + "and SPD(2), with exact reference statistics to measure the discretisation bias",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Cheng, Zhang, Sra",
    title: "Efficient Sampling on Riemannian Manifolds via Langevin MCMC",
    venue: "NeurIPS", year: 2022, arxiv: "2402.10357", url: "https://arxiv.org/abs/2402.10357"),
  algorithms: LangevinAlgorithms.all,
  problems: SamplingFamilies.all,
  experiments: LangevinExperiments.all
)
