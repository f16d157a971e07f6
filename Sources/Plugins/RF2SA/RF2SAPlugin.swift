import CatalogueSDK

/// The RF²SA plugin: Riemannian bilevel optimisation with RF²SA (Dutta, Cheng, Sra 2024), the RHGD baseline it is
/// compared with, and the Riemannian bilevel testbeds of rf2sa.md §6 plus a Euclidean instance.
package let rf2saPlugin = Plugin(
  id: "org.catalogue.rf2sa",
  name: "RF²SA",
  version: "0.1.0",
  summary:
    "Riemannian bilevel optimisation: single-loop first-order RF²SA, and RHGD with exact/CG/Neumann hypergradients",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Dutta, Cheng, Sra", title: "Riemannian Bilevel Optimization", venue: "arXiv", year: 2024,
    arxiv: "2405.15816"),
  algorithms: [RF2SA.algorithm, RF2SA.stochastic, RHGD.algorithm],
  problems: [StiefelSPDBilevel.family, HyperRepresentation.family, SphereBilevelToy.family, QuadraticBilevel.family],
  experiments: RF2SAExperiments.all
)
