/// How a graph and its demands become the token matrix Z (rows = nodes), electric-flow.md §2 and §3.
///
/// The model stores Zᵀ: one column per node, graphs side by side, so the per-layer products with the D × D weights
/// are single `dgemm`s over the whole batch.
enum TokenLayout: String, Sendable, CaseIterable {
  /// Z = [B | Ψ | Φ], Φ₀ = 0, output Φ (the code's stack architecture).
  case stack
  /// Z = [B | Φ], Φ₀ = Ψ, output Φ (the code's `architecture: 'lin'`).
  case singleBlock = "single-block"
  /// Z = [B | C | Ψ | Φ] with C₀ = 0: the repeated-squaring construction's layout (our design, §3.3), where C holds
  /// a second copy of the incidence that the layers multiply by polynomials of L.
  case squaring
  /// Z = [B | Φ₁ | Φ₂], output Φ₂: the eigenvector notebook's layout (§2), both Φ blocks starting from an initial Φ₀.
  case eigenvectors

  /// Width D of a token for d edges and k demand columns.
  func width(edges d: Int, demands k: Int) -> Int {
    switch self {
    case .stack: d + 2 * k
    case .singleBlock: d + k
    case .squaring: 2 * d + 2 * k
    case .eigenvectors: d + 2 * k
    }
  }

  /// First feature row of the demand block Ψ (for single-block, Φ starts as Ψ in the same rows).
  func demandRow(edges d: Int, demands k: Int) -> Int {
    switch self {
    case .stack, .singleBlock, .eigenvectors: d
    case .squaring: 2 * d
    }
  }

  /// First feature row of the output block Φ.
  func outputRow(edges d: Int, demands k: Int) -> Int {
    switch self {
    case .stack, .eigenvectors: d + k
    case .singleBlock: d
    case .squaring: 2 * d + k
    }
  }

  /// The normalisation blocks (feature rows, ε added to every entry inside the norm), §3.1: stack divides B by its
  /// Frobenius norm and [Ψ | Φ] by their joint norm with the code's 1e-6; single-block divides all of Z by one
  /// norm; the squaring layout normalises B, C and [Ψ | Φ] separately; the eigenvector layout divides B by its
  /// Frobenius norm and every column of Φ₁ and Φ₂ (a feature row of Zᵀ) by its own norm, again with the 1e-6.
  func normalisationBlocks(edges d: Int, demands k: Int) -> [(rows: Range<Int>, epsilon: Double)] {
    switch self {
    case .stack: [(0..<d, 0), (d..<(d + 2 * k), 1e-6)]
    case .singleBlock: [(0..<(d + k), 0)]
    case .squaring: [(0..<d, 0), (d..<(2 * d), 0), ((2 * d)..<(2 * d + 2 * k), 1e-6)]
    case .eigenvectors: [(0..<d, 0)] + (d..<(d + 2 * k)).map { ($0..<($0 + 1), 1e-6) }
    }
  }
}
