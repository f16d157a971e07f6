import CatalogueSDK

/// The paper's claims as executable experiments (functional-gd.md §3–§5).
enum FunctionalGDExperiments {
  static let all: [Experiment] = []
}
