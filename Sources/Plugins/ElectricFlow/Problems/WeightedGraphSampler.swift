import CatalogueSDK
import Glibc
import SeededRandom

/// Random weighted graphs as the official notebooks draw them (electric-flow.md §2, §4.1): every edge column of the
/// unit incidence matrix is multiplied by w_e = exp(U[−a, a]) (a = 1 in the code), so L = B·Bᵀ = Σ_e w_e²·b_e·b_eᵀ
/// and the conductance of edge e is w_e²; node rows and edge columns are randomly permuted.
///
/// Through the ABI (`cat_graph_oracles`) a graph is its unit incidence (+1 at the head, −1 at the tail) and its
/// resistances r_e = 1/w_e², so any plugin recovers the code's weighted B as column e times 1/√r_e
/// (``GraphBatch``). Each call draws one graph with its own permutations and, for CSL, its own skip drawn uniformly
/// from the skip set; the notebooks instead cycle the four skips through a batch and share one permutation pair
/// per batch, which changes no distribution of a single graph.
struct WeightedGraphSampler: GraphSampler {
  let family: GraphFamily
  let nodeCount: Int
  /// a in w_e = exp(U[−a, a]).
  let logWeightSpread: Double
  /// Whether node rows and edge columns are randomly permuted.
  let permute: Bool

  var maxEdges: Int { family.edgeCount(nodes: nodeCount) }

  func sample(rng: inout CatalogueRandom) throws -> GraphSample {
    let n = nodeCount
    var skip = 0
    if case .circularSkipLinks(let skips) = family { skip = skips[rng.index(below: skips.count)] }
    var edges = family.edges(nodes: n, skip: skip)
    let m = edges.count
    var nodeOrder = Array(0..<n)
    if permute {
      shuffle(&nodeOrder, &rng)
      shuffle(&edges, &rng)
    }
    var incidence = [Double](repeating: 0, count: n * m)
    var resistances = [Double](repeating: 0, count: m)
    for (e, edge) in edges.enumerated() {
      incidence[nodeOrder[edge.head] + e * n] = 1
      incidence[nodeOrder[edge.tail] + e * n] = -1
      let logWeight = logWeightSpread * (2 * rng.uniform() - 1)
      resistances[e] = exp(-2 * logWeight)
    }
    return GraphSample(incidence: incidence, resistances: resistances, edgeCount: m)
  }

  /// Fisher–Yates with the run's generator.
  private func shuffle<T>(_ a: inout [T], _ rng: inout CatalogueRandom) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, rng.index(below: i + 1)) }
  }
}
