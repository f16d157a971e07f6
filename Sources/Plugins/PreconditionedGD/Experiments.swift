import CatalogueSDK

/// The paper's claims as executable experiments.
enum PreconditionedGDExperiments {
  static let all: [Experiment] = []
}
