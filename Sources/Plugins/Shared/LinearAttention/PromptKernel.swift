import LinearAlgebra

/// The forward and backward passes of a ``LinearTransformer`` run one prompt at a time on ``TinyBlocks`` loops: the
/// ``PassImplementation/tinyBlocks`` counterpart of ``ModelKernel``, computing the same quantities (equal up to the
/// order of summation).
///
/// Per prompt and layer, with K = Z·M·Zᵀ, V_h = P_h·K and W = (1/n)·Σ_h V_h·Q_h (memformer.md §2.1), the layer
/// output is F = W·Z. Every block is (d+1)×(d+1) or (d+1)×(n+1), so the whole prompt — the residual stream of every
/// layer, the memory and the adjoints — fits in a few kilobytes of one reused workspace and stays in the L1 cache
/// from the first layer to the last adjoint; nothing is allocated per prompt or per step.
///
/// Structure of P is used exactly: when P is not learned (``AttentionParametrisation/sparse``: P = e·eᵀ), W has
/// non-zero rows only where some P_h has (the *active* rows, here the label row), F and every memory term vanish
/// outside them, so the other rows of Z never change and no parameter depends on their adjoints; and W reads only
/// the rows of K in the columns where some P_h is non-zero (the *key* rows). The passes then touch only those rows.
/// When P is learned every row is active and every row of K is a key row. The backward pass is the one of
/// common-incontext-regression.md §6 per prompt:
///
///   dW = G·Zᵀ,  ∂Q_h += (1/n)·V_hᵀ·dW,  ∂P_h += (1/n)·dW·(K·Q_h)ᵀ,  ∂K = (1/n)·Σ_h P_hᵀ·dW·Q_hᵀ,
///   ∂Z_ℓ = ∂Z_{ℓ+1} + Wᵀ·G + (∂K + ∂Kᵀ)·Z·M,
///
/// with G = ∂loss/∂F_ℓ from the memory exactly as in ``ModelKernel/backward(_:_:into:)``.
struct PromptKernel {
  /// One gated output Γ ⊙ F_source added at `layer` of an LFOM Memformer; `gate` < 0 is the fixed unit gate.
  struct Term {
    let layer: Int
    let source: Int
    let gate: Int
  }

  /// Which memory recurrence the passes follow.
  enum Recurrence {
    case none
    case conjugate
    case lfom
  }

  let d: Int
  let n: Int
  let layers: Int
  let heads: Int
  let invN: Double
  /// D = d + 1 (rows of a block).
  let size: Int
  /// T = n + 1 (columns of a prompt).
  let points: Int
  /// D·T, one residual stream.
  let stream: Int
  /// D², one weight block.
  let block: Int
  let recurrence: Recurrence
  let learnAlpha: Bool
  let fullGates: Bool
  let gateCount: Int
  /// Whether ∂P is needed (P is learned).
  let learnValue: Bool
  /// P_{ℓh} then Q_{ℓh} (row-major, block ℓ·heads + h), then γ_ℓ (γ₀ = 0), α_ℓ, and the gates (row-major).
  let values: [Double]
  let qOffset: Int
  let gammaOffset: Int
  let alphaOffset: Int
  let gateOffset: Int
  /// The active rows, then the key rows.
  let indices: [Int]
  let activeCount: Int
  let terms: [Term]
  /// Workspace layout: Z_0…Z_L, F_ℓ (R_ℓ for the CG memory), ∂Z_0…∂Z_L, ρ_ℓ, K_ℓ, W_ℓ, V_{ℓh}, then scratch.
  let zOffset = 0
  let fOffset: Int
  let dzOffset: Int
  let rhoOffset: Int
  let kOffset: Int
  let wOffset: Int
  let vOffset: Int
  let scratchOffset: Int
  let workspaceSize: Int
  /// Accumulator layout: ∂P_{ℓh}, ∂Q_{ℓh} (row-major, already scaled by 1/n), ∂γ_ℓ, ∂α_ℓ, ∂gates.
  let dQOffset: Int
  let dGammaOffset: Int
  let dAlphaOffset: Int
  let dGateOffset: Int
  let accumulatorSize: Int

  init(_ model: LinearTransformer) {
    let c = model.configuration
    d = c.featureDimension
    n = c.contextLength
    layers = c.layers
    heads = c.heads
    invN = 1 / Double(c.contextLength)
    size = d + 1
    points = n + 1
    stream = size * points
    block = size * size
    learnValue = c.parametrisation != .sparse
    var p: [Double] = []
    var q: [Double] = []
    var activeRows = Set([d])
    var keyRows = Set<Int>()
    for l in 0..<layers {
      for h in 0..<heads {
        let (pm, qm) = model.attentionMatrices(layer: l, head: h)
        for i in 0..<size {
          for j in 0..<size {
            p.append(pm[i, j])
            q.append(qm[i, j])
            if pm[i, j] != 0 {
              activeRows.insert(i)
              keyRows.insert(j)
            }
          }
        }
      }
    }
    if learnValue {
      activeRows = Set(0..<size)
      keyRows = activeRows
    }
    indices = activeRows.sorted() + keyRows.sorted()
    activeCount = activeRows.count
    let (gamma, alpha) = model.memoryCoefficients
    var gates: [Double] = []
    var terms: [Term] = []
    learnAlpha = c.memory == .conjugate(learnStep: true)
    switch c.memory {
    case .none:
      recurrence = .none
      fullGates = false
    case .conjugate:
      recurrence = .conjugate
      fullGates = false
    case .lfom(let indexing, let shape):
      recurrence = .lfom
      fullGates = shape == .full
      for g in 0..<c.gateCount {
        let t = model.weights["gate.\(g)"]!
        if fullGates {
          for i in 0..<t.rows {
            for j in 0..<t.cols { gates.append(t.values[i + j * t.rows]) }
          }
        } else {
          gates.append(t.values[0])
        }
      }
      for l in 0..<layers {
        switch indexing {
        case .code:
          terms.append(Term(layer: l, source: l, gate: -1))
          terms += (0..<l).map { Term(layer: l, source: $0, gate: $0) }
        case .paper:
          terms += (0...l).map {
            Term(layer: l, source: $0, gate: TransformerConfiguration.paperGateIndex(layer: l, source: $0))
          }
        }
      }
    }
    gateCount = c.gateCount
    self.terms = terms
    qOffset = p.count
    gammaOffset = 2 * p.count
    alphaOffset = gammaOffset + layers
    gateOffset = alphaOffset + layers
    values = p + q + gamma + alpha + gates
    let attention = layers * heads * block
    fOffset = (layers + 1) * stream
    dzOffset = fOffset + layers * stream
    rhoOffset = dzOffset + (layers + 1) * stream
    kOffset = rhoOffset + layers * stream
    wOffset = kOffset + layers * block
    vOffset = wOffset + layers * block
    scratchOffset = vOffset + attention
    workspaceSize = scratchOffset + 5 * block + stream
    dQOffset = attention
    dGammaOffset = 2 * attention
    dAlphaOffset = dGammaOffset + layers
    dGateOffset = dAlphaOffset + layers
    accumulatorSize = dGateOffset + gates.count
  }

  /// Raw views of the kernel's arrays and the workspace, taken once per batch so the loops hold no references.
  struct Views {
    let ws: UnsafeMutablePointer<Double>
    let acc: UnsafeMutablePointer<Double>
    let values: UnsafePointer<Double>
    let active: UnsafeBufferPointer<Int>
    let keys: UnsafeBufferPointer<Int>
    let terms: UnsafeBufferPointer<Term>
  }

  private func withViews<R>(_ workspace: inout PromptWorkspace, _ body: (Views) -> R) -> R {
    workspace.prepare(workspaceSize: workspaceSize, accumulatorSize: accumulatorSize)
    return workspace.buffer.withUnsafeMutableBufferPointer { ws in
      workspace.accumulators.withUnsafeMutableBufferPointer { acc in
        values.withUnsafeBufferPointer { values in
          indices.withUnsafeBufferPointer { indices in
            terms.withUnsafeBufferPointer { terms in
              body(
                Views(
                  ws: ws.baseAddress!, acc: acc.baseAddress!, values: values.baseAddress!,
                  active: UnsafeBufferPointer(rebasing: indices[..<activeCount]),
                  keys: UnsafeBufferPointer(rebasing: indices[activeCount...]), terms: terms))
            }
          }
        }
      }
    }
  }

  /// [Z_L]_{d+1, n+1} of every prompt.
  func outputs(_ prompts: [Matrix], _ workspace: inout PromptWorkspace) -> [Double] {
    withViews(&workspace) { x in
      prompts.map { prompt in
        load(prompt, x)
        forward(x)
        return x.ws[zOffset + layers * stream + d * points + n]
      }
    }
  }

  /// The mean loss mean_b ([Z_L]_{d+1, n+1} + y_b)² over `batch` and the summed gradients in the accumulator
  /// layout (read them with ``gradient(of:_:)``).
  func loss(_ batch: PromptBatch, _ workspace: inout PromptWorkspace) -> Double {
    let scale = 2 / Double(batch.count)
    return withViews(&workspace) { x in
      TinyBlocks.zero(x.acc, accumulatorSize)
      var loss = 0.0
      for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
        load(prompt, x)
        forward(x)
        let error = x.ws[zOffset + layers * stream + d * points + n] + target
        loss += error * error
        backward(scale * error, x)
      }
      return loss / Double(batch.count)
    }
  }

  /// Copies a column-major prompt into Z₀ (row-major).
  private func load(_ prompt: Matrix, _ x: Views) {
    let z = x.ws + zOffset
    prompt.withUnsafeBufferPointer { s in
      for t in 0..<points {
        for i in 0..<size { z[i * points + t] = s[i + size * t] }
      }
    }
  }

  /// Z₁…Z_L of the loaded prompt, keeping K_ℓ, V_{ℓh}, W_ℓ and F_ℓ (R_ℓ) for the backward pass.
  private func forward(_ x: Views) {
    let (t, s, dd) = (points, stream, block)
    for l in 0..<layers {
      let z = x.ws + zOffset + l * s
      let next = z + s
      let k = x.ws + kOffset + l * dd
      let w = x.ws + wOffset + l * dd
      // K = Z·M·Zᵀ (key rows), then W = (1/n)·Σ_h (P_h·K)·Q_h (active rows).
      TinyBlocks.gramRows(z, stride: t, size: size, columns: n, rows: x.keys, into: k)
      for i in x.active { TinyBlocks.zero(w + i * size, size) }
      for h in 0..<heads {
        let lh = l * heads + h
        let p = x.values + lh * dd
        let q = x.values + qOffset + lh * dd
        let v = x.ws + vOffset + lh * dd
        for i in x.active {
          let vi = v + i * size
          TinyBlocks.zero(vi, size)
          for c in x.keys { TinyBlocks.axpy(p[i * size + c], k + c * size, vi, size) }
          for j in 0..<size { TinyBlocks.axpy(invN * vi[j], q + j * size, w + i * size, size) }
        }
      }
      // F = W·Z; the memory adds it to the residual stream (memformer.md §2.2–2.3).
      let f = x.ws + fOffset + l * s
      TinyBlocks.rowProduct(
        w, z, inner: size, columns: t, bStride: t, rows: x.active, into: f, cStride: t, accumulate: false)
      TinyBlocks.copy(z, next, s)
      switch recurrence {
      case .none:
        for i in x.active { TinyBlocks.axpy(1, f + i * t, next + i * t, t) }
      case .conjugate:
        let alpha = x.values[alphaOffset + l]
        if l > 0 {
          let gamma = x.values[gammaOffset + l]
          for i in x.active { TinyBlocks.axpy(gamma, f - s + i * t, f + i * t, t) }
        }
        for i in x.active { TinyBlocks.axpy(alpha, f + i * t, next + i * t, t) }
      case .lfom:
        for term in x.terms where term.layer == l {
          let source = x.ws + fOffset + term.source * s
          for i in x.active {
            if term.gate < 0 {
              TinyBlocks.axpy(1, source + i * t, next + i * t, t)
            } else if fullGates {
              let gate = x.values + gateOffset + term.gate * s
              TinyBlocks.addHadamard(gate + i * t, source + i * t, next + i * t, t)
            } else {
              TinyBlocks.axpy(x.values[gateOffset + term.gate], source + i * t, next + i * t, t)
            }
          }
        }
      }
    }
  }

  /// Back-propagates ∂loss/∂[Z_L]_{d+1, n+1} = `outputGradient` through the prompt last run forward and adds the
  /// parameter gradients to the accumulators. Only the active rows of the adjoints are formed.
  private func backward(_ outputGradient: Double, _ x: Views) {
    let (t, s, dd) = (points, stream, block)
    let top = x.ws + dzOffset + layers * s
    for i in x.active { TinyBlocks.zero(top + i * t, t) }
    top[d * t + n] = outputGradient
    let scratch = x.ws + scratchOffset
    let (dW, y, dK, sym, u, g) = (
      scratch, scratch + dd, scratch + 2 * dd, scratch + 3 * dd, scratch + 4 * dd, scratch + 5 * dd
    )
    for l in stride(from: layers - 1, through: 0, by: -1) {
      let z = x.ws + zOffset + l * s
      let above = x.ws + dzOffset + (l + 1) * s
      let k = x.ws + kOffset + l * dd
      let w = x.ws + wOffset + l * dd
      let f = x.ws + fOffset + l * s
      // G = ∂loss/∂F_ℓ through the memory.
      var grad = above
      switch recurrence {
      case .none:
        break
      case .conjugate:
        let rho = x.ws + rhoOffset + l * s
        let alpha = x.values[alphaOffset + l]
        for i in x.active {
          TinyBlocks.scaledCopy(alpha, above + i * t, rho + i * t, t)
          if l + 1 < layers { TinyBlocks.axpy(x.values[gammaOffset + l + 1], rho + s + i * t, rho + i * t, t) }
          if learnAlpha { x.acc[dAlphaOffset + l] += TinyBlocks.dot(above + i * t, f + i * t, t) }
          if l > 0 { x.acc[dGammaOffset + l] += TinyBlocks.dot(rho + i * t, f - s + i * t, t) }
        }
        grad = rho
      case .lfom:
        for i in x.active { TinyBlocks.zero(g + i * t, t) }
        for term in x.terms where term.source == l {
          let later = x.ws + dzOffset + (term.layer + 1) * s
          for i in x.active {
            if term.gate < 0 {
              TinyBlocks.axpy(1, later + i * t, g + i * t, t)
            } else if fullGates {
              let gate = x.values + gateOffset + term.gate * s
              TinyBlocks.addHadamard(gate + i * t, later + i * t, g + i * t, t)
              TinyBlocks.addHadamard(later + i * t, f + i * t, x.acc + dGateOffset + term.gate * s + i * t, t)
            } else {
              TinyBlocks.axpy(x.values[gateOffset + term.gate], later + i * t, g + i * t, t)
              x.acc[dGateOffset + term.gate] += TinyBlocks.dot(later + i * t, f + i * t, t)
            }
          }
        }
        grad = g
      }
      // dW = G·Zᵀ (active rows), then ∂Q_h and, when P is learned, ∂P_h.
      TinyBlocks.rowProductTransposed(
        grad, aStride: t, z, bStride: t, count: t, size: size, rows: x.active, into: dW)
      for h in 0..<heads {
        let lh = l * heads + h
        let q = x.values + qOffset + lh * dd
        let v = x.ws + vOffset + lh * dd
        let dQ = x.acc + dQOffset + lh * dd
        for i in x.active {
          for j in 0..<size { TinyBlocks.axpy(invN * v[i * size + j], dW + i * size, dQ + j * size, size) }
        }
        if learnValue {
          let dP = x.acc + lh * dd
          TinyBlocks.rowProduct(
            k, q, inner: size, columns: size, bStride: size, rows: x.active, into: u, cStride: size,
            accumulate: false)
          for i in x.active {
            for c in 0..<size { dP[i * size + c] += invN * TinyBlocks.dot(dW + i * size, u + c * size, size) }
          }
        }
      }
      // ∂Z₀ is not needed: the input is data.
      guard l > 0 else { break }
      let below = x.ws + dzOffset + l * s
      for j in x.active {
        TinyBlocks.copy(above + j * t, below + j * t, t)
        for i in x.active { TinyBlocks.axpy(w[i * size + j], grad + i * t, below + j * t, t) }
      }
      // ∂K = (1/n)·Σ_h P_hᵀ·(dW·Q_hᵀ) (key rows), then ∂Z += (∂K + ∂Kᵀ)·Z·M (active rows).
      TinyBlocks.zero(dK, dd)
      for h in 0..<heads {
        let lh = l * heads + h
        let p = x.values + lh * dd
        let q = x.values + qOffset + lh * dd
        TinyBlocks.rowProductTransposed(
          dW, aStride: size, q, bStride: size, count: size, size: size, rows: x.active, into: y)
        for c in x.keys {
          for i in x.active { TinyBlocks.axpy(invN * p[i * size + c], y + i * size, dK + c * size, size) }
        }
      }
      for j in x.active {
        for c in 0..<size {
          sym[j * size + c] = dK[j * size + c] + dK[c * size + j]
          TinyBlocks.axpy(sym[j * size + c], z + c * t, below + j * t, n)
        }
      }
    }
  }

  /// The gradient in the layout of `model.weights`, from the accumulators of the last ``loss(_:_:)``.
  func gradient(of model: LinearTransformer, _ workspace: PromptWorkspace) -> ParameterSet {
    let acc = workspace.accumulators
    func matrix(_ offset: Int) -> Matrix {
      Matrix(rows: size, cols: size) { i, j in acc[offset + i * size + j] }
    }
    var attention: [[(dP: Matrix, dQ: Matrix)]] = []
    for l in 0..<layers {
      attention.append(
        (0..<heads).map { h in (matrix((l * heads + h) * block), matrix(dQOffset + (l * heads + h) * block)) })
    }
    var dGateFull: [Matrix] = []
    var dGateScalar: [Double] = []
    if fullGates {
      dGateFull = (0..<gateCount).map { g in
        Matrix(rows: size, cols: points) { i, j in acc[dGateOffset + g * stream + i * points + j] }
      }
    } else {
      dGateScalar = Array(acc[dGateOffset..<(dGateOffset + gateCount)])
    }
    return GradientAccumulator.parameterSet(
      of: model, attention: attention, dGamma: Array(acc[dGammaOffset..<(dGammaOffset + layers)]),
      dAlpha: Array(acc[dAlphaOffset..<(dAlphaOffset + layers)]), dGateFull: dGateFull, dGateScalar: dGateScalar)
  }
}
