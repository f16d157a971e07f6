import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// A batch of weighted graphs with their spectra and demands: what one training step or one evaluation sees.
///
/// Each graph keeps the code's weighted incidence B (n × d, column e = unit incidence · w_e with w_e = 1/√r_e, so
/// L = B·Bᵀ), the eigendecomposition L = QΛQᵀ from LAPACK's `dsyevd` (ascending, λ₁ = 0 for a connected graph)
/// and N(0, 1) demands Ψ (n × k, k = n columns, electric-flow.md §2). Targets f(L)Ψ are Q·f(Λ)·QᵀΨ with the null
/// eigenvalue dropped, which is the pseudo-inverse for f(λ) = 1/λ. All arrays are flat, graph after graph,
/// column-major inside a graph.
struct GraphBatch: Sendable {
  let count: Int
  let nodes: Int
  let edges: Int
  let demandColumns: Int
  /// count × (n × d) weighted incidence matrices.
  let incidence: [Double]
  /// count × n eigenvalues, ascending per graph.
  let eigenvalues: [Double]
  /// count × (n × n) orthonormal eigenvectors, column i for eigenvalue i.
  let eigenvectors: [Double]
  /// count × (n × k) demands as the model sees them (centred or not).
  let demands: [Double]

  /// Draws `count` graphs from `sampler`, each followed by its demands, from `rng`.
  static func draw(
    _ count: Int, from sampler: any GraphSampler, centred: Bool, rng: inout CatalogueRandom
  ) throws -> GraphBatch {
    let n = sampler.nodeCount
    var samples: [GraphSample] = []
    var demands: [Double] = []
    samples.reserveCapacity(count)
    demands.reserveCapacity(count * n * n)
    for _ in 0..<count {
      samples.append(try sampler.sample(rng: &rng))
      var psi = rng.normals(n * n)
      if centred {
        for c in 0..<n {
          let mean = psi[(c * n)..<(c * n + n)].reduce(0, +) / Double(n)
          for a in 0..<n { psi[a + c * n] -= mean }
        }
      }
      demands += psi
    }
    return try GraphBatch(samples: samples, nodes: n, demands: demands)
  }

  /// A batch from given graphs and demands (count × n × n).
  init(samples: [GraphSample], nodes n: Int, demands: [Double]) throws {
    guard let first = samples.first else { throw PluginError(.invalidArgument, "a graph batch needs a graph") }
    let d = first.edgeCount
    guard samples.allSatisfy({ $0.edgeCount == d }) else {
      throw PluginError(
        .invalidArgument, "every graph of a batch must have the same number of edges (the tokens have width d)")
    }
    count = samples.count
    nodes = n
    edges = d
    demandColumns = n
    precondition(demands.count == count * n * n, "GraphBatch needs n × n demands per graph")
    self.demands = demands
    var incidence = [Double](repeating: 0, count: count * n * d)
    var values = [Double](repeating: 0, count: count * n)
    var vectors = [Double](repeating: 0, count: count * n * n)
    for (g, sample) in samples.enumerated() {
      guard sample.resistances.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw PluginError(.invalidArgument, "graph \(g) has a non-positive or infinite edge resistance")
      }
      for e in 0..<d {
        let w = 1 / sample.resistances[e].squareRoot()
        for a in 0..<n { incidence[g * n * d + a + e * n] = sample.incidence[a + e * n] * w }
      }
      let b = Matrix(rows: n, cols: d, elements: Array(incidence[(g * n * d)..<((g + 1) * n * d)]))
      let eigen = try SymmetricEigen(Matrix.gram(b, transpose: true))
      guard eigen.values[1] > 1e-10 * eigen.values[n - 1] else {
        throw PluginError(
          .invalidArgument, "graph \(g) is disconnected (λ₂ ≈ 0): its Laplacian systems have no unique solution")
      }
      for i in 0..<n { values[g * n + i] = eigen.values[i] }
      for i in 0..<(n * n) { vectors[g * n * n + i] = eigen.vectors.elements[i] }
    }
    self.incidence = incidence
    eigenvalues = values
    eigenvectors = vectors
  }

  /// L = B·Bᵀ of graph g.
  func laplacian(_ g: Int) -> Matrix { Matrix.gram(incidenceMatrix(g), transpose: true) }

  /// B of graph g (n × d).
  func incidenceMatrix(_ g: Int) -> Matrix {
    let size = nodes * edges
    return Matrix(rows: nodes, cols: edges, elements: Array(incidence[(g * size)..<((g + 1) * size)]))
  }

  /// Q of graph g.
  func eigenvectorMatrix(_ g: Int) -> Matrix {
    let size = nodes * nodes
    return Matrix(rows: nodes, cols: nodes, elements: Array(eigenvectors[(g * size)..<((g + 1) * size)]))
  }

  /// Ψ of graph g (n × k).
  func demandMatrix(_ g: Int) -> Matrix {
    let size = nodes * demandColumns
    return Matrix(rows: nodes, cols: demandColumns, elements: Array(demands[(g * size)..<((g + 1) * size)]))
  }

  /// QᵀΨ of graph g: the demands in the eigenbasis (row 0 is the constant direction).
  func spectralDemands(_ g: Int) -> Matrix {
    Matrix.product(eigenvectorMatrix(g), demandMatrix(g), transposeA: true)
  }

  /// f(L)Ψ for every graph (count × n × k), the null eigenvalue dropped.
  func targets(_ target: LaplacianTarget) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(count * nodes * demandColumns)
    for g in 0..<count {
      var weights = [0.0]
      for i in 1..<nodes { weights.append(target.spectral(eigenvalues[g * nodes + i])) }
      let q = eigenvectorMatrix(g)
      out += Matrix.product(q.scalingColumns(by: weights), spectralDemands(g)).elements
    }
    return out
  }

  /// The squared norms s_i = ‖(QᵀΨ)_i‖² of the demands along each eigenvector (count × n), i = 0 the null one.
  func spectralWeights() -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(count * nodes)
    for g in 0..<count {
      let c = spectralDemands(g)
      for i in 0..<nodes { out.append((0..<demandColumns).reduce(0) { $0 + c[i, $1] * c[i, $1] }) }
    }
    return out
  }
}
