import CatalogueSDK

/// The lincon-bilevel plugin: first-order methods for bilevel problems whose lower level has linear constraints,
/// and Goldstein-stationarity drivers with inexact oracles (Kornowski, Padmanabhan, Wang, Zhang, Sra, NeurIPS 2024).
package let linconBilevel = Plugin(
  id: "org.catalogue.lincon-bilevel",
  name: "Linearly constrained bilevel optimization",
  version: "0.1.0",
  summary: "F2CBA hypergradients for linear equality/inequality lower-level constraints and Goldstein methods",
  license: "Apache-2.0",
  citation: Citation(
    authors: "Kornowski, Padmanabhan, Wang, Zhang, Sra",
    title: "First-Order Methods for Linearly Constrained Bilevel Optimization", venue: "NeurIPS 2024", year: 2024,
    arxiv: "2406.12771", url: "https://github.com/guaguakai/constrained-bilevel-optimization"),
  algorithms: [
    F2CBA.algorithm, F2CBAEq.algorithm, GoldsteinO2NC.algorithm, GoldsteinZO.algorithm, ImplicitKKT.algorithm,
    BestResponse.algorithm, HypergradientError.algorithm,
  ],
  problems: [LinconToy.family, LinconEquality.family, LinconBilinear.family],
  experiments: LinconExperiments.all
)
