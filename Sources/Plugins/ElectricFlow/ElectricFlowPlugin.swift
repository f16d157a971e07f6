import CatalogueSDK

/// The electric-flow plugin: linear transformers on incidence-matrix tokens that solve Laplacian systems, trained
/// and constructed, with the plain-GD and repeated-squaring references on the same random graphs.
package let electricFlow = Plugin(
  id: "org.catalogue.electric-flow",
  name: "Electric flow",
  version: "0.1.0",
  summary: "Linear graph transformers on incidence matrices that learn Laplacian solvers (electric flow, resistive "
    + "embedding, heat kernel), hand-built GD / series / repeated-squaring constructions, GD references",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Cheng, Carin, Sra",
    title: "Graph Transformers Dream of Electric Flow",
    venue: "ICLR", year: 2025, arxiv: "2410.16699", url: "https://arxiv.org/abs/2410.16699"),
  algorithms: [
    TrainedTransformer.algorithm, ConstructedTransformer.algorithm, ReferenceSolvers.gd,
    ReferenceSolvers.repeatedSquaring,
  ],
  problems: [GraphProblems.csl, GraphProblems.complete],
  experiments: ElectricFlowExperiments.all
)
