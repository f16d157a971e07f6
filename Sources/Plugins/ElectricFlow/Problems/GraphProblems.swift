import CatalogueSDK

/// The problem families of kind `graphs`: CSL graphs (the default) and complete graphs (electric-flow.md §4.1).
///
/// They hand out a ``WeightedGraphSampler`` through the ABI's graph table; demands and targets are drawn by the
/// algorithm (``GraphBatch``), which is where the paper puts them too: every training batch has fresh graphs and
/// fresh demands.
enum GraphProblems {
  static let cslID = "csl-graphs"
  static let completeID = "complete-graphs"

  static let common: [Parameter] = [
    .int("n", default: 10, in: 3...200, help: "nodes per graph"),
    .real(
      "weight_spread", default: 1, min: 0, max: 20,
      help: "a in w_e = exp(U[−a, a]), the factor on each incidence column (conductance w_e²); 0 = unweighted"),
    .bool("permute", default: true, help: "randomly permute node rows and edge columns of every graph"),
  ]

  static let csl = ProblemFamily(
    id: cslID,
    name: "Circular skip-link graphs",
    summary: "Cycle plus skip links (skip drawn from {2, 4, 6, 8}), weights exp(U[−1, 1]) on the incidence "
      + "columns, random node and edge permutations",
    kind: .graphs,
    parameters: common + [
      .string("skips", default: "2,4,6,8", help: "comma-separated skip lengths s, each in 2…n−2")
    ]
  ) { params, _ in
    let n = try params.int("n")
    let skipText = try params.string("skips")
    let skips = skipText.split(separator: ",").compactMap { Int($0.trimmingCharacters()) }
    guard !skips.isEmpty, skips.count == skipText.split(separator: ",").count,
      skips.allSatisfy({ (2...(n - 2)).contains($0) })
    else {
      throw PluginError(.invalidArgument, "skips must be comma-separated integers in 2…\(n - 2), got '\(skipText)'")
    }
    return try instance(.circularSkipLinks(skips: skips), params)
  }

  static let complete = ProblemFamily(
    id: completeID,
    name: "Complete graphs",
    summary: "Complete graph on n nodes, weights exp(U[−1, 1]) on the incidence columns, random permutations",
    kind: .graphs,
    parameters: common
  ) { params, _ in try instance(.complete, params) }

  private static func instance(_ family: GraphFamily, _ params: ParameterValues) throws -> ProblemInstance {
    let sampler = WeightedGraphSampler(
      family: family, nodeCount: try params.int("n"), logWeightSpread: try params.real("weight_spread"),
      permute: try params.bool("permute"))
    return ProblemInstance(.graphs(sampler))
  }
}

extension Substring {
  /// The text without leading and trailing spaces.
  fileprivate func trimmingCharacters() -> Substring {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}
