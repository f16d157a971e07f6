import CatalogueSDK

/// The validation suite of riemannian-langevin.md §4 as executable experiments (filled in below).
enum LangevinExperiments {
  static let all: [Experiment] = []
}
