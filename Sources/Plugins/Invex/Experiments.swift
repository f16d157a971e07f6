import CatalogueSDK

/// The spec's checkable claims (§7, as corrected) as executable experiments.
enum InvexExperiments {
  static let all: [Experiment] = []
}
