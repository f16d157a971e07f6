import CatalogueSDK

/// The paper's claims as executable experiments (linear-attention-dynamics.md §4–§5).
enum DynamicsExperiments {
  static let all: [Experiment] = []
}
