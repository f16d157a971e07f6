import CatalogueSDK

/// The paper's claims as executable experiments (electric-flow.md §5, §6).
enum ElectricFlowExperiments {
  static let all: [Experiment] = []
}
