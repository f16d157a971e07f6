import LinearAlgebra

/// One term Γ ⊙ F_j of an LFOM layer's update, with the weight-tensor index of its gate if it is learned.
struct GateTerm {
  /// The gate's value.
  enum Value {
    /// The fixed unit gate of the current layer in the code indexing.
    case one
    /// A learned scalar gate.
    case scalar(Double)
    /// A learned (d+1)×(n+1) gate.
    case full(Matrix)
  }
  /// Source layer j of F_j.
  let source: Int
  /// The gate.
  let value: Value
  /// Gate number (tensor `gate.<index>`), or nil for the fixed unit gate.
  let index: Int?
}

/// The model's weights unpacked for one batch, and the batched forward and backward passes.
///
/// With K = Z·M·Zᵀ the layer output is F = W·Z with W = (1/n)·Σ_h P_h·K·Q_h, and by vec(P·K·Q) = (Qᵀ ⊗ P)·vec(K)
///
///   vec(W_b) = C·vec(K_b),   C = (1/n)·Σ_h Q_hᵀ ⊗ P_h   ((d+1)² × (d+1)²),
///
/// so every product with the shared P and Q, for all heads and all prompts, is **one** `dgemm` of C with the
/// (d+1)² × B matrix whose columns are the vec(K_b). The gradient is as compact: ∂C = Σ_b vec(dW_b)·vec(K_b)ᵀ (one
/// `dgemm`), vec(∂K_b) = Cᵀ·vec(dW_b) (one `dgemm`), and ∂P_h, ∂Q_h follow from ∂C by the Kronecker structure.
/// Only the products that differ per prompt (K_b = Z_b·M·Z_bᵀ, F_b = W_b·Z_b and their adjoints) are per-prompt
/// `dgemm` calls. The passes run layer by layer over the whole batch, keeping every intermediate in a
/// ``TransformerWorkspace``.
struct ModelKernel {
  let d: Int
  let n: Int
  let layers: Int
  let heads: Int
  let invN: Double
  let p: [[Matrix]]
  let q: [[Matrix]]
  /// C_ℓ = (1/n)·Σ_h Q_{ℓh}ᵀ ⊗ P_{ℓh}.
  let mixing: [Matrix]
  let memory: Memory

  /// The memory, unpacked.
  enum Memory {
    case none
    case conjugate(gamma: [Double], alpha: [Double], learnAlpha: Bool)
    /// terms[ℓ] lists the gated outputs added at layer ℓ.
    case lfom(terms: [[GateTerm]], gateCount: Int, full: Bool)
  }

  init(_ model: LinearTransformer) {
    let c = model.configuration
    d = c.featureDimension
    n = c.contextLength
    layers = c.layers
    heads = c.heads
    invN = 1 / Double(c.contextLength)
    var p: [[Matrix]] = []
    var q: [[Matrix]] = []
    for l in 0..<c.layers {
      let pairs = (0..<c.heads).map { model.attentionMatrices(layer: l, head: $0) }
      p.append(pairs.map(\.p))
      q.append(pairs.map(\.q))
    }
    self.p = p
    self.q = q
    let size = d + 1
    mixing = (0..<c.layers).map { l in
      var kron = Matrix(rows: size * size, cols: size * size)
      for h in 0..<c.heads {
        for jj in 0..<size {
          for ll in 0..<size {
            let qlj = q[l][h][ll, jj] / Double(c.contextLength)
            if qlj == 0 { continue }
            for kk in 0..<size {
              for ii in 0..<size { kron[ii + size * jj, kk + size * ll] += qlj * p[l][h][ii, kk] }
            }
          }
        }
      }
      return kron
    }
    switch c.memory {
    case .none:
      memory = .none
    case .conjugate(let learnStep):
      let (gamma, alpha) = model.memoryCoefficients
      memory = .conjugate(gamma: gamma, alpha: alpha, learnAlpha: learnStep)
    case .lfom(let indexing, let shape):
      func gate(_ index: Int) -> GateTerm.Value {
        let t = model.weights["gate.\(index)"]!
        return shape == .scalar
          ? .scalar(t.values[0]) : .full(Matrix(rows: t.rows, cols: t.cols, elements: t.values))
      }
      var terms: [[GateTerm]] = []
      for l in 0..<c.layers {
        switch indexing {
        case .code:
          terms.append(
            [GateTerm(source: l, value: .one, index: nil)]
              + (0..<l).map { GateTerm(source: $0, value: gate($0), index: $0) })
        case .paper:
          terms.append(
            (0...l).map {
              let index = TransformerConfiguration.paperGateIndex(layer: l, source: $0)
              return GateTerm(source: $0, value: gate(index), index: index)
            })
        }
      }
      memory = .lfom(terms: terms, gateCount: c.gateCount, full: shape == .full)
    }
  }

  /// Runs `prompts` forward, leaving every intermediate in `ws` (Z_ℓ of prompt b in `ws.z[ℓ][b]`).
  func forward(_ prompts: ArraySlice<Matrix>, _ ws: inout TransformerWorkspace) {
    ws.prepare(self, count: prompts.count)
    let count = prompts.count
    for (b, prompt) in prompts.enumerated() { ws.z[0][b].assign(prompt) }
    for l in 0..<layers {
      // K_b = Z_b·M·Z_bᵀ per prompt, then W = C·[vec K_1 … vec K_B] for the whole batch.
      for b in 0..<count {
        ws.zm[l][b].assignMasked(ws.z[l][b])
        ws.k.addProduct(ws.zm[l][b], ws.zm[l][b], transposeB: true, beta: 0)
        ws.kAll[l].setColumn(b, toEntriesOf: ws.k)
      }
      ws.wAll[l].addProduct(mixing[l], ws.kAll[l], beta: 0)
      for b in 0..<count {
        ws.w.assign(column: b, of: ws.wAll[l])
        ws.z[l + 1][b].assign(ws.z[l][b])
        switch memory {
        case .none:
          ws.z[l + 1][b].addProduct(ws.w, ws.z[l][b])
        case .conjugate(let gamma, let alpha, _):
          ws.f[l][b].addProduct(ws.w, ws.z[l][b], beta: 0)
          ws.r[l][b].assign(ws.f[l][b])
          if l > 0 { ws.r[l][b].add(ws.r[l - 1][b], scaledBy: gamma[l]) }
          ws.z[l + 1][b].add(ws.r[l][b], scaledBy: alpha[l])
        case .lfom(let terms, _, _):
          ws.f[l][b].addProduct(ws.w, ws.z[l][b], beta: 0)
          for term in terms[l] {
            switch term.value {
            case .one: ws.z[l + 1][b].add(ws.f[term.source][b], scaledBy: 1)
            case .scalar(let s): ws.z[l + 1][b].add(ws.f[term.source][b], scaledBy: s)
            case .full(let gate): ws.z[l + 1][b].addHadamard(gate, ws.f[term.source][b])
            }
          }
        }
      }
    }
  }

  /// Back-propagates ∂loss/∂[Z_L]_{d+1, n+1} = `outputGradients[b]` through the batch last run by
  /// ``forward(_:_:)`` and adds the parameter gradients to `acc` (common-incontext-regression.md §6):
  ///
  ///   dW_b = G_b·Z_bᵀ,  ∂Z_b += W_bᵀ·G_b,  ∂C += Σ_b vec(dW_b)·vec(K_b)ᵀ,  vec(∂K_b) = Cᵀ·vec(dW_b),
  ///   ∂Z_b += (∂K_b + ∂K_bᵀ)·Z_b·M,
  ///
  /// where G = ∂loss/∂F_ℓ comes from the memory: G = ∂Z_{ℓ+1} (none); ρ_ℓ = α_ℓ·∂Z_{ℓ+1} + γ_{ℓ+1}·ρ_{ℓ+1} (CG,
  /// with ∂α_ℓ = ⟨∂Z_{ℓ+1}, R_ℓ⟩ and ∂γ_ℓ = ⟨ρ_ℓ, R_{ℓ−1}⟩); G = Σ_{ℓ'≥ℓ} Γ_ℓ^{(ℓ')} ⊙ ∂Z_{ℓ'+1} (LFOM, with
  /// ∂Γ_ℓ^{(ℓ')} = ∂Z_{ℓ'+1} ⊙ F_ℓ).
  func backward(_ outputGradients: [Double], _ ws: inout TransformerWorkspace, into acc: inout GradientAccumulator) {
    let count = outputGradients.count
    for b in 0..<count {
      ws.dz[layers][b].setZero()
      ws.dz[layers][b][d, n] = outputGradients[b]
    }
    for l in stride(from: layers - 1, through: 0, by: -1) {
      for b in 0..<count {
        switch memory {
        case .none:
          ws.g.assign(ws.dz[l + 1][b])
        case .conjugate(let gamma, let alpha, let learnAlpha):
          ws.rho[l][b].assign(ws.dz[l + 1][b])
          ws.rho[l][b] *= alpha[l]
          if l + 1 < layers { ws.rho[l][b].add(ws.rho[l + 1][b], scaledBy: gamma[l + 1]) }
          if learnAlpha { acc.dAlpha[l] += ws.dz[l + 1][b].frobeniusInner(ws.r[l][b]) }
          if l > 0 { acc.dGamma[l] += ws.rho[l][b].frobeniusInner(ws.r[l - 1][b]) }
          ws.g.assign(ws.rho[l][b])
        case .lfom(let terms, _, _):
          ws.g.setZero()
          for later in l..<layers {
            for term in terms[later] where term.source == l {
              switch term.value {
              case .one:
                ws.g.add(ws.dz[later + 1][b], scaledBy: 1)
              case .scalar(let s):
                ws.g.add(ws.dz[later + 1][b], scaledBy: s)
                acc.dGateScalar[term.index!] += ws.dz[later + 1][b].frobeniusInner(ws.f[l][b])
              case .full(let gate):
                ws.g.addHadamard(gate, ws.dz[later + 1][b])
                acc.dGateFull[term.index!].addHadamard(ws.dz[later + 1][b], ws.f[l][b])
              }
            }
          }
        }
        ws.dw.addProduct(ws.g, ws.z[l][b], transposeB: true, beta: 0)
        ws.dwAll.setColumn(b, toEntriesOf: ws.dw)
        // ∂Z₀ is not needed: the input is data.
        if l > 0 {
          ws.w.assign(column: b, of: ws.wAll[l])
          ws.dz[l][b].assign(ws.dz[l + 1][b])
          ws.dz[l][b].addProduct(ws.w, ws.g, transposeA: true)
        }
      }
      acc.dMixing[l].addProduct(ws.dwAll, ws.kAll[l], transposeB: true)
      guard l > 0 else { break }
      ws.dkAll.addProduct(mixing[l], ws.dwAll, transposeA: true, beta: 0)
      for b in 0..<count {
        ws.s.assignSymmetricSum(column: b, of: ws.dkAll)
        ws.dz[l][b].addProduct(ws.s, ws.zm[l][b])
      }
    }
  }
}

/// Every intermediate of a batched pass: per layer and prompt the residual stream and the memory, and per layer
/// the (d+1)² × B matrices of vec(K_b) and vec(W_b).
///
/// Allocation is the expensive part of a small-matrix pass, so a training loop keeps one workspace per model and
/// reuses it every step; it grows when a batch is larger or the model's shape changes, and never shrinks.
public struct TransformerWorkspace: Sendable {
  var shape: [Int] = []
  var capacity = 0
  var z: [[Matrix]] = []
  var zm: [[Matrix]] = []
  var f: [[Matrix]] = []
  var r: [[Matrix]] = []
  var rho: [[Matrix]] = []
  var dz: [[Matrix]] = []
  var kAll: [Matrix] = []
  var wAll: [Matrix] = []
  var dwAll = Matrix(rows: 0, cols: 0)
  var dkAll = Matrix(rows: 0, cols: 0)
  var k = Matrix(rows: 0, cols: 0)
  var w = Matrix(rows: 0, cols: 0)
  var g = Matrix(rows: 0, cols: 0)
  var dw = Matrix(rows: 0, cols: 0)
  var s = Matrix(rows: 0, cols: 0)
  /// Which kernel the passes that use this workspace run.
  public let implementation: PassImplementation
  /// ``PromptKernel``'s buffers (used with ``PassImplementation/tinyBlocks``).
  var prompt = PromptWorkspace()

  /// An empty workspace for `implementation`; the first pass sizes it.
  public init(implementation: PassImplementation = .batchedBLAS) {
    self.implementation = implementation
  }

  /// Makes room for `count` prompts of `kernel`'s shape.
  mutating func prepare(_ kernel: ModelKernel, count: Int) {
    var memoryCode = 0
    switch kernel.memory {
    case .none: memoryCode = 0
    case .conjugate: memoryCode = 1
    case .lfom: memoryCode = 2
    }
    let newShape = [kernel.d, kernel.n, kernel.layers, memoryCode]
    if newShape == shape && count <= capacity && dwAll.cols == count { return }
    let (rows, cols, layers) = (kernel.d + 1, kernel.n + 1, kernel.layers)
    if newShape != shape || count > capacity {
      func tokens(_ layerCount: Int) -> [[Matrix]] {
        (0..<layerCount).map { _ in (0..<count).map { _ in Matrix(rows: rows, cols: cols) } }
      }
      z = tokens(layers + 1)
      zm = tokens(layers)
      f = memoryCode == 0 ? [] : tokens(layers)
      r = memoryCode == 1 ? tokens(layers) : []
      rho = memoryCode == 1 ? tokens(layers) : []
      dz = tokens(layers + 1)
      k = Matrix(rows: rows, cols: rows)
      w = Matrix(rows: rows, cols: rows)
      g = Matrix(rows: rows, cols: cols)
      dw = Matrix(rows: rows, cols: rows)
      s = Matrix(rows: rows, cols: rows)
      shape = newShape
      capacity = count
    }
    kAll = (0..<layers).map { _ in Matrix(rows: rows * rows, cols: count) }
    wAll = kAll
    dwAll = Matrix(rows: rows * rows, cols: count)
    dkAll = dwAll
  }
}

/// Sums of the gradients over a batch: ∂C_ℓ for the attention, scalars and gates for the memory;
/// ``gradient(of:kernel:)`` maps them onto the learned blocks.
struct GradientAccumulator {
  var dMixing: [Matrix]
  var dGamma: [Double]
  var dAlpha: [Double]
  var dGateFull: [Matrix]
  var dGateScalar: [Double]

  init(_ kernel: ModelKernel) {
    let size = (kernel.d + 1) * (kernel.d + 1)
    dMixing = Array(repeating: Matrix(rows: size, cols: size), count: kernel.layers)
    dGamma = [Double](repeating: 0, count: kernel.layers)
    dAlpha = dGamma
    dGateFull = []
    dGateScalar = []
    if case .lfom(_, let count, let full) = kernel.memory {
      if full {
        dGateFull = Array(repeating: Matrix(rows: kernel.d + 1, cols: kernel.n + 1), count: count)
      } else {
        dGateScalar = [Double](repeating: 0, count: count)
      }
    }
  }

  /// ∂P_h and ∂Q_h of layer ℓ from ∂C_ℓ, using C[i + D·j, k + D·l] = (1/n)·Σ_h Q_h[l, j]·P_h[i, k] (D = d + 1):
  /// ∂P_h[i, k] = (1/n)·Σ_{j,l} ∂C[i + Dj, k + Dl]·Q_h[l, j] and
  /// ∂Q_h[l, j] = (1/n)·Σ_{i,k} ∂C[i + Dj, k + Dl]·P_h[i, k].
  func attentionGradients(layer l: Int, head h: Int, kernel: ModelKernel) -> (dP: Matrix, dQ: Matrix) {
    let size = kernel.d + 1
    let dc = dMixing[l]
    let (p, q) = (kernel.p[l][h], kernel.q[l][h])
    var dP = Matrix(rows: size, cols: size)
    var dQ = Matrix(rows: size, cols: size)
    for jj in 0..<size {
      for ll in 0..<size {
        var sumQ = 0.0
        let qlj = q[ll, jj]
        for kk in 0..<size {
          for ii in 0..<size {
            let entry = dc[ii + size * jj, kk + size * ll]
            sumQ += entry * p[ii, kk]
            dP[ii, kk] += entry * qlj
          }
        }
        dQ[ll, jj] = sumQ * kernel.invN
      }
    }
    return (dP * kernel.invN, dQ)
  }

  /// The gradient in the layout of `model.weights`.
  func gradient(of model: LinearTransformer, kernel: ModelKernel) -> ParameterSet {
    var attention: [[(dP: Matrix, dQ: Matrix)]] = []
    for l in 0..<model.configuration.layers {
      attention.append((0..<model.configuration.heads).map { attentionGradients(layer: l, head: $0, kernel: kernel) })
    }
    return Self.parameterSet(
      of: model, attention: attention, dGamma: dGamma, dAlpha: dAlpha, dGateFull: dGateFull, dGateScalar: dGateScalar)
  }

  /// Maps ∂P_{ℓh}, ∂Q_{ℓh} (full (d+1)×(d+1) matrices) and the memory gradients onto the learned tensors of `model`.
  static func parameterSet(
    of model: LinearTransformer, attention: [[(dP: Matrix, dQ: Matrix)]], dGamma: [Double], dAlpha: [Double],
    dGateFull: [Matrix], dGateScalar: [Double]
  ) -> ParameterSet {
    let c = model.configuration
    let d = c.featureDimension
    func block(_ m: Matrix, sign: Double) -> [Double] {
      if c.blocks == .scalar { return [sign * (0..<d).reduce(0) { $0 + m[$1, $1] }] }
      var out = [Double](repeating: 0, count: d * d)
      for j in 0..<d {
        for i in 0..<d { out[i + j * d] = sign * m[i, j] }
      }
      return out
    }
    var result = model.weights
    for index in result.tensors.indices {
      let name = result.tensors[index].name
      let parts = name.split(separator: ".")
      let values: [Double]
      switch parts[0] {
      case "A":
        let (l, h) = (Int(parts[1])!, Int(parts[2])!)
        values = block(attention[l][h].dQ, sign: c.parametrisation == .sparse ? -1 : 1)
      case "B":
        values = block(attention[Int(parts[1])!][Int(parts[2])!].dP, sign: 1)
      case "P":
        values = attention[Int(parts[1])!][Int(parts[2])!].dP.elements
      case "Q":
        values = attention[Int(parts[1])!][Int(parts[2])!].dQ.elements
      case "gamma":
        values = Array(dGamma[1...])
      case "alpha":
        values = dAlpha
      default:
        let g = Int(parts[1])!
        values = dGateFull.isEmpty ? [dGateScalar[g]] : dGateFull[g].elements
      }
      result.tensors[index].values = values
    }
    return result
  }
}
