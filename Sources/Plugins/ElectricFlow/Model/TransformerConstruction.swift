import Glibc
import LinearAttention

/// Hand-built weights that make the graph transformer run a Laplacian solver exactly (electric-flow.md §3.2, §3.3).
///
/// Every construction sets Q = I and K = A, so the scores are S = Z·A·Zᵀ, and writes the update through P (the
/// attention path, which multiplies by Sᵀ = S) and W (the linear path). P entries carry the factor n that cancels
/// the layer's 1/n. η is one fixed step for the whole batch (spec §3.5).
enum TransformerConstruction {
  /// Which construction.
  enum Kind: String, Sendable, CaseIterable {
    /// §3.2: Φ ← Φ − η(LΦ − Ψ), GD on ½tr(ΦᵀLΦ) − tr(ΦᵀΨ) → L^†Ψ.
    case gradientDescent = "gd"
    /// §3.3: Ψ ← (I − ηL)Ψ as a running power, Φ += c_ℓ·Ψ, the truncated power series of f(L) in M = I − ηL.
    case series
    /// §3.3: Φ ← (I + M^{2^j})Φ with M^{2^j} built by repeated squaring, so L layers give GD's 2^L steps.
    case repeatedSquaring = "repeated-squaring"
  }

  /// The GD construction in the stack layout [B | Ψ | Φ]: A = I on B (S = L), P: Φ → Φ with −ηn, W: Ψ → Φ with η.
  static func gradientDescent(
    nodes n: Int, edges d: Int, layers: Int, eta: Double, normalise: Bool
  ) throws -> GraphTransformer {
    let configuration = GraphTransformerConfiguration(
      layout: .stack, nodes: n, edges: d, demands: n, layers: layers, mask: .none, normalise: normalise)
    let (psi, phi) = (d, d + n)
    return try build(configuration) { _, set in
      for e in 0..<d { set(.k, e, e, 1) }
      for c in 0..<n {
        set(.p, phi + c, phi + c, -eta * Double(n))
        set(.w, phi + c, psi + c, eta)
      }
    }
  }

  /// The series construction in the stack layout: layer ℓ adds c_ℓ·M^ℓΨ to Φ and advances Ψ ← MΨ.
  static func series(
    nodes n: Int, edges d: Int, coefficients: [Double], eta: Double
  ) throws -> GraphTransformer {
    let configuration = GraphTransformerConfiguration(
      layout: .stack, nodes: n, edges: d, demands: n, layers: coefficients.count, mask: .none, normalise: false)
    let (psi, phi) = (d, d + n)
    return try build(configuration) { l, set in
      for e in 0..<d { set(.k, e, e, 1) }
      for c in 0..<n {
        set(.p, psi + c, psi + c, -eta * Double(n))
        set(.w, phi + c, psi + c, coefficients[l])
      }
    }
  }

  /// Series coefficients c_ℓ of f(L) = Σ c_ℓ M^ℓ on range(L), M = I − ηL, L = (I − M)/η:
  /// L^{†1/2} = √η·Σ binom(2ℓ, ℓ)/4^ℓ·M^ℓ; exp(−sL) = e^{−s/η}·Σ (s/η)^ℓ/ℓ!·M^ℓ; L^† = η·Σ M^ℓ.
  static func seriesCoefficients(_ target: LaplacianTarget, eta: Double, count: Int) -> [Double] {
    var c: [Double] = []
    for l in 0..<count {
      switch target {
      case .electric:
        c.append(eta)
      case .resistive:
        c.append(l == 0 ? eta.squareRoot() : c[l - 1] * Double(2 * l - 1) / Double(2 * l))
      case .heat(let s):
        c.append(l == 0 ? expm(-s / eta) : c[l - 1] * (s / eta) / Double(l))
      }
    }
    return c
  }

  /// Repeated squaring in the layout [B | C | Ψ | Φ] (our design for §3.3's multiplicative expansion).
  ///
  /// Invariant: the scores of layer j are S_j = B·C_jᵀ = T_j := I − M^{2^j} on range(L). Layer 0 uses S₀ = ηBBᵀ =
  /// T₀ and sets Φ₁ = η(2I − T₀)Ψ and C₁ = 2ηB − η·S₀B, so B·C₁ᵀ = 2T₀ − T₀² = T₁. Layer j ≥ 1 uses S_j = B·C_jᵀ
  /// (A maps the B rows to the C rows) and sets Φ ← 2Φ − S_jΦ, C ← 2C − S_jC, hence T_{j+1} = 2T_j − T_j². Since
  /// 2I − T_j = I + M^{2^j}, after L layers Φ = η·Π_{j<L}(I + M^{2^j})Ψ = η·Σ_{k<2^L} M^kΨ.
  static func repeatedSquaring(nodes n: Int, edges d: Int, layers: Int, eta: Double) throws -> GraphTransformer {
    let configuration = GraphTransformerConfiguration(
      layout: .squaring, nodes: n, edges: d, demands: n, layers: layers, mask: .none, normalise: false)
    let (c0, psi, phi) = (d, 2 * d, 2 * d + n)
    let nn = Double(n)
    return try build(configuration) { l, set in
      if l == 0 {
        for e in 0..<d {
          set(.k, e, e, eta)
          set(.w, c0 + e, e, 2 * eta)
          set(.p, c0 + e, e, -eta * nn)
        }
        for c in 0..<n {
          set(.w, phi + c, psi + c, 2 * eta)
          set(.p, phi + c, psi + c, -eta * nn)
        }
      } else {
        for e in 0..<d {
          set(.k, e, c0 + e, 1)
          set(.w, c0 + e, c0 + e, 1)
          set(.p, c0 + e, c0 + e, -nn)
        }
        for c in 0..<n {
          set(.w, phi + c, phi + c, 1)
          set(.p, phi + c, phi + c, -nn)
        }
      }
    }
  }

  /// Subspace iteration with a Gram–Schmidt QR step (§3.3, the paper's Algorithm 1; these weights are ours) in the
  /// eigenvector layout [B | Φ₁ | Φ₂] with the exact column normalisation. Φ₂ holds k = n columns; Φ₁ stays 0.
  ///
  /// The layers come in groups of n. Position 0 of group 0 has zero weights, so only the normalisation acts: B
  /// becomes B̃ = B/‖B‖_F (S = B̃B̃ᵀ = L/tr(L) =: L̃ from then on, since P and W never write into B) and every column
  /// of Φ₂ gets unit norm. Position 0 of group t ≥ 1 multiplies by M = c·I − L̃ (A = I on B, P: Φ₂ → Φ₂ with −n, W:
  /// Φ₂ → Φ₂ with c − 1). Position j ≥ 1 is classical Gram–Schmidt for column j: A = I on columns i < j of Φ₂, so
  /// S = Σ_{i<j} φ_iφ_iᵀ, and P maps column j to itself with −n, giving φ_j ← φ_j − Σ_{i<j} φ_i(φ_iᵀφ_j); the column
  /// normalisation then makes it a unit vector. A group is therefore Q ← QR(M·Q) with diag(R) > 0, and after group t
  /// Φ₂ = QR(M^tΦ₀). For c > max λ_max(L̃) the columns converge to the eigenvectors of L in ascending order.
  static func subspaceIteration(nodes n: Int, edges d: Int, steps: Int, shift c: Double) throws -> GraphTransformer {
    var configuration = GraphTransformerConfiguration(
      layout: .eigenvectors, nodes: n, edges: d, demands: n, layers: n * (steps + 1), mask: .none, normalise: true)
    configuration.exactNormalisation = true
    let phi = configuration.layout.outputRow(edges: d, demands: n)
    let nn = Double(n)
    return try build(configuration) { l, set in
      let (group, j) = (l / n, l % n)
      if j == 0 {
        guard group > 0 else { return }
        for e in 0..<d { set(.k, e, e, 1) }
        for c0 in 0..<n {
          set(.p, phi + c0, phi + c0, -nn)
          set(.w, phi + c0, phi + c0, c - 1)
        }
      } else {
        for i in 0..<j { set(.k, phi + i, phi + i, 1) }
        set(.p, phi + j, phi + j, -nn)
      }
    }
  }

  /// The weight a construction sets.
  enum Slot: Int {
    case p = 0
    case q
    case k
    case w
  }

  /// Builds a model with Q = I and the entries `fill(layer, set)` writes (set(slot, row, column, value)).
  private static func build(
    _ configuration: GraphTransformerConfiguration,
    fill: (Int, (Slot, Int, Int, Double) -> Void) -> Void
  ) throws -> GraphTransformer {
    let width = configuration.width
    var tensors: [ParameterTensor] = []
    for l in 0..<configuration.layers {
      var values = [[Double]](repeating: [Double](repeating: 0, count: width * width), count: 4)
      for i in 0..<width { values[Slot.q.rawValue][i + i * width] = 1 }
      fill(l) { slot, i, j, value in values[slot.rawValue][i + j * width] = value }
      for (s, name) in ["P", "Q", "K", "W"].enumerated() {
        tensors.append(ParameterTensor(name: "\(name).\(l)", rows: width, cols: width, values: values[s]))
      }
    }
    return try GraphTransformer(configuration: configuration, weights: ParameterSet(tensors))
  }
}

/// e^x (Glibc's exp, named apart from the enum's members).
private func expm(_ x: Double) -> Double { Glibc.exp(x) }
