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
/// When P is learned every row is active and every row of K is a key row. (For the sparse parametrisation without full
/// LFOM gates, ``LabelRowKernel`` runs the same passes on the label row's d coefficients instead.) Rows that never change are stored once
/// (with Z₀) and every layer reads them there; the per-layer buffers (Z_ℓ, F_ℓ, R_ℓ, ρ_ℓ, ∂Z_ℓ) hold only the active
/// rows. Rows are padded with zeros to a multiple of four entries so that ``TinyBlocks`` works on whole
/// `SIMD4<Double>` chunks. The backward pass is the one of
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
  /// D = d + 1 (rows of a prompt and of a weight block).
  let size: Int
  /// T = n + 1 (columns of a prompt).
  let points: Int
  /// T rounded up to a multiple of 4: the stored length of a row.
  let width: Int
  /// D², one weight block.
  let block: Int
  let recurrence: Recurrence
  let learnAlpha: Bool
  let fullGates: Bool
  let gateCount: Int
  /// Whether ∂P is needed (P is learned).
  let learnValue: Bool
  /// d when Q's last row and column are structurally zero (the sparse and value-key parametrisations), else D: K is
  /// needed only in its first `queries` columns, W and dW only in their first `queries` columns.
  let queries: Int
  /// P_{ℓh} then Q_{ℓh} (row-major, block ℓ·heads + h), then γ_ℓ (γ₀ = 0), α_ℓ, and the gates (row-major, rows
  /// padded to `width`).
  let values: [Double]
  let qOffset: Int
  let gammaOffset: Int
  let alphaOffset: Int
  let gateOffset: Int
  /// The active rows, then the key rows, then for every layer ℓ = 0…L and row i the offset of row i of Z_ℓ in the
  /// workspace.
  let indices: [Int]
  let activeCount: Int
  let keyCount: Int
  /// Position of row d (the label row) among the active rows.
  let labelPosition: Int
  let terms: [Term]
  /// Workspace layout: Z₀ (every row), the active rows of Z₁…Z_L, then per layer and active row F_ℓ (R_ℓ for the CG
  /// memory, not stored without memory), ∂Z_ℓ (ℓ = 0…L), ρ_ℓ, then G, K_ℓ (D×D), W_ℓ and V_{ℓh} (active rows × D), then scratch.
  let zOffset = 0
  let fOffset: Int
  let dzOffset: Int
  let rhoOffset: Int
  let gOffset: Int
  let kOffset: Int
  let wOffset: Int
  let vOffset: Int
  let scratchOffset: Int
  let workspaceSize: Int
  /// Accumulator layout: ∂P_{ℓh}, ∂Q_{ℓh} (row-major, already scaled by 1/n), ∂γ_ℓ, ∂α_ℓ, ∂gates (as the gates).
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
    width = (points + 3) / 4 * 4
    block = size * size
    learnValue = c.parametrisation != .sparse
    queries = c.parametrisation == .unconstrained ? d + 1 : d
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
    let active = activeRows.sorted()
    activeCount = active.count
    keyCount = keyRows.count
    labelPosition = active.firstIndex(of: d)!
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
            for j in 0..<(n + 1 + 3) / 4 * 4 { gates.append(j < t.cols ? t.values[i + j * t.rows] : 0) }
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
    let rows = activeCount * width
    let activeStart = size * width
    var rowOffsets: [Int] = []
    for l in 0...layers {
      for i in 0..<size {
        if l == 0 || !activeRows.contains(i) {
          rowOffsets.append(i * width)
        } else {
          rowOffsets.append(activeStart + ((l - 1) * activeCount + active.firstIndex(of: i)!) * width)
        }
      }
    }
    indices = active + keyRows.sorted() + rowOffsets
    fOffset = activeStart + layers * rows
    dzOffset = fOffset + layers * rows
    rhoOffset = dzOffset + (layers + 1) * rows
    gOffset = rhoOffset + layers * rows
    kOffset = gOffset + rows
    wOffset = kOffset + layers * block
    vOffset = wOffset + layers * activeCount * size
    scratchOffset = vOffset + layers * heads * activeCount * size
    workspaceSize = scratchOffset + 3 * activeCount * size + 2 * block
    dQOffset = attention
    dGammaOffset = 2 * attention
    dAlphaOffset = dGammaOffset + layers
    dGateOffset = dAlphaOffset + layers
    accumulatorSize = dGateOffset + gates.count
  }

  /// The sizes the passes loop over: D = d + 1, the padded row length, and n.
  protocol Shape {
    var size: Int { get }
    var width: Int { get }
    var context: Int { get }
    /// Rows (and columns) of Q that can be non-zero: d when Q = ±[[A, 0], [0, 0]], else D.
    var queries: Int { get }
  }

  /// d = 5, n = 20, Q zero outside its d×d block, as compile-time constants: the passes specialised for it have fixed trip counts, unrolled.
  struct PaperShape: Shape {
    var size: Int { 6 }
    var width: Int { 24 }
    var context: Int { 20 }
    var queries: Int { 5 }
  }

  /// Any other shape, read at run time.
  struct RuntimeShape: Shape {
    let size: Int
    let width: Int
    let context: Int
    let queries: Int
  }

  /// Raw views of the kernel's arrays and the workspace, taken once per batch so the loops hold no references.
  struct Views {
    let ws: UnsafeMutablePointer<Double>
    let acc: UnsafeMutablePointer<Double>
    let values: UnsafePointer<Double>
    let active: UnsafeBufferPointer<Int>
    let keys: UnsafeBufferPointer<Int>
    /// Offset of row i of Z_ℓ at `rowOffsets[ℓ·D + i]`.
    let rowOffsets: UnsafePointer<Int>
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
                  keys: UnsafeBufferPointer(rebasing: indices[activeCount..<(activeCount + keyCount)]),
                  rowOffsets: indices.baseAddress! + activeCount + keyCount, terms: terms))
            }
          }
        }
      }
    }
  }

  /// Whether the shape is the papers' d = 5, n = 20, for which the passes run specialised for ``PaperShape``;
  /// other shapes run the same code with the sizes read at run time.
  private var isPaperSize: Bool { size == 6 && width == 24 && n == 20 && queries == 5 }

  /// The shape read at run time.
  private var runtimeShape: RuntimeShape { RuntimeShape(size: size, width: width, context: n, queries: queries) }

  /// [Z_L]_{d+1, n+1} of the prompt last run forward.
  @inline(__always)
  private func output(_ x: Views) -> Double {
    x.ws[x.rowOffsets[layers * size + d] + n]
  }

  /// [Z_L]_{d+1, n+1} of every prompt.
  func outputs(_ prompts: [Matrix], _ workspace: inout PromptWorkspace) -> [Double] {
    withViews(&workspace) { x in
      prompts.map { prompt in
        if isPaperSize {
          load(prompt, x, PaperShape())
          forward(x, PaperShape())
        } else {
          load(prompt, x, runtimeShape)
          forward(x, runtimeShape)
        }
        return output(x)
      }
    }
  }

  /// The mean loss mean_b ([Z_L]_{d+1, n+1} + y_b)² over `batch`; the summed gradients are left in the
  /// accumulators (read them with ``gradient(of:_:)``).
  func loss(_ batch: PromptBatch, _ workspace: inout PromptWorkspace) -> Double {
    let scale = 2 / Double(batch.count)
    return withViews(&workspace) { x in
      TinyBlocks.zero(x.acc, accumulatorSize)
      var loss = 0.0
      for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
        if isPaperSize {
          load(prompt, x, PaperShape())
          forward(x, PaperShape())
          let error = output(x) + target
          loss += error * error
          backward(scale * error, x, PaperShape())
        } else {
          load(prompt, x, runtimeShape)
          forward(x, runtimeShape)
          let error = output(x) + target
          loss += error * error
          backward(scale * error, x, runtimeShape)
        }
      }
      return loss / Double(batch.count)
    }
  }

  /// Copies a column-major prompt into Z₀ (row-major, rows padded with zeros).
  private func load<S: Shape>(_ prompt: Matrix, _ x: Views, _ shape: S) {
    let (size, width, points) = (shape.size, shape.width, shape.context + 1)
    let z = x.ws + zOffset
    prompt.withUnsafeBufferPointer { s in
      for i in 0..<size {
        let row = z + i * width
        for t in 0..<points { row[t] = s[i + size * t] }
        for t in points..<width { row[t] = 0 }
      }
    }
  }

  /// Z₁…Z_L of the loaded prompt, keeping K_ℓ, V_{ℓh}, W_ℓ and F_ℓ (R_ℓ) for the backward pass.
  private func forward<S: Shape>(_ x: Views, _ shape: S) {
    let (size, n, queries) = (shape.size, shape.context, shape.queries)
    let (w, dd, count) = (shape.width, size * size, activeCount)
    let rows = count * w
    for l in 0..<layers {
      let offsets = x.rowOffsets + l * size
      let next = x.rowOffsets + (l + 1) * size
      let k = x.ws + kOffset + l * dd
      let weight = x.ws + wOffset + l * count * size
      // K = Z·M·Zᵀ (key rows), then W = (1/n)·Σ_h (P_h·K)·Q_h (active rows).
      if keyCount == size {
        for c in 0..<size {
          for j in c..<size {
            let value = TinyBlocks.dot(x.ws + offsets[c], x.ws + offsets[j], n)
            k[c * size + j] = value
            k[j * size + c] = value
          }
        }
      } else {
        for c in x.keys {
          for j in 0..<queries { k[c * size + j] = TinyBlocks.dot(x.ws + offsets[c], x.ws + offsets[j], n) }
        }
      }
      TinyBlocks.zero(weight, count * size)
      for h in 0..<heads {
        let lh = l * heads + h
        let p = x.values + lh * dd
        let q = x.values + qOffset + lh * dd
        let v = x.ws + vOffset + lh * count * size
        for a in 0..<count {
          let (i, va, wa) = (x.active[a], v + a * size, weight + a * size)
          TinyBlocks.zero(va, size)
          for c in x.keys { TinyBlocks.axpy(p[i * size + c], k + c * size, va, queries) }
          for j in 0..<queries { TinyBlocks.axpy(invN * va[j], q + j * size, wa, queries) }
        }
      }
      // F = W·Z (active rows), added to the residual stream by the memory in the same sweep (memformer.md §2.2–2.3).
      let f = x.ws + fOffset + l * rows
      switch recurrence {
      case .none:
        for a in 0..<count {
          let (i, wa) = (x.active[a], weight + a * size)
          let (z, target) = (x.ws + offsets[i], x.ws + next[i])
          for t in stride(from: 0, to: w, by: 4) {
            let fa = TinyBlocks.combination(wa, queries, base: x.ws, offsets: offsets, at: t)
            TinyBlocks.store(TinyBlocks.load(z, t) + fa, target, t)
          }
        }
      case .conjugate:
        // R_ℓ = F_ℓ + γ_ℓ·R_{ℓ−1} (kept for the backward pass), Z_{ℓ+1} = Z_ℓ + α_ℓ·R_ℓ.
        let alpha = SIMD4(repeating: x.values[alphaOffset + l])
        let gamma = SIMD4(repeating: x.values[gammaOffset + l])
        for a in 0..<count {
          let (i, ra, wa) = (x.active[a], f + a * w, weight + a * size)
          let (z, target) = (x.ws + offsets[i], x.ws + next[i])
          for t in stride(from: 0, to: w, by: 4) {
            var r = TinyBlocks.combination(wa, queries, base: x.ws, offsets: offsets, at: t)
            if l > 0 { r += gamma * TinyBlocks.load(ra - rows, t) }
            TinyBlocks.store(r, ra, t)
            TinyBlocks.store(TinyBlocks.load(z, t) + alpha * r, target, t)
          }
        }
      case .lfom:
        for a in 0..<count {
          let (fa, wa) = (f + a * w, weight + a * size)
          for t in stride(from: 0, to: w, by: 4) {
            TinyBlocks.store(TinyBlocks.combination(wa, queries, base: x.ws, offsets: offsets, at: t), fa, t)
          }
          TinyBlocks.copy(x.ws + offsets[x.active[a]], x.ws + next[x.active[a]], w)
        }
        for term in x.terms where term.layer == l {
          let source = x.ws + fOffset + term.source * rows
          for a in 0..<count {
            let (i, target) = (x.active[a], x.ws + next[x.active[a]])
            if term.gate < 0 {
              TinyBlocks.axpy(1, source + a * w, target, w)
            } else if fullGates {
              TinyBlocks.addHadamard(x.values + gateOffset + (term.gate * size + i) * w, source + a * w, target, w)
            } else {
              TinyBlocks.axpy(x.values[gateOffset + term.gate], source + a * w, target, w)
            }
          }
        }
      }
    }
  }

  /// Back-propagates ∂loss/∂[Z_L]_{d+1, n+1} = `outputGradient` through the prompt last run forward and adds the
  /// parameter gradients to the accumulators. Only the active rows of the adjoints are formed.
  private func backward<S: Shape>(_ outputGradient: Double, _ x: Views, _ shape: S) {
    let (size, n, queries) = (shape.size, shape.context, shape.queries)
    let (w, dd, count) = (shape.width, size * size, activeCount)
    let rows = count * w
    let top = x.ws + dzOffset + layers * rows
    TinyBlocks.zero(top, rows)
    top[labelPosition * w + n] = outputGradient
    let scratch = x.ws + scratchOffset
    let (dW, y, sym) = (scratch, scratch + count * size, scratch + 2 * count * size)
    let (dK, u) = (scratch + 3 * count * size, scratch + 3 * count * size + dd)
    for l in stride(from: layers - 1, through: 0, by: -1) {
      let offsets = x.rowOffsets + l * size
      let above = x.ws + dzOffset + (l + 1) * rows
      let k = x.ws + kOffset + l * dd
      let weight = x.ws + wOffset + l * count * size
      let f = x.ws + fOffset + l * rows
      // G = ∂loss/∂F_ℓ through the memory.
      var grad = above
      switch recurrence {
      case .none:
        break
      case .conjugate:
        // ρ_ℓ = α_ℓ·∂Z_{ℓ+1} + γ_{ℓ+1}·ρ_{ℓ+1}, ∂α_ℓ += ⟨∂Z_{ℓ+1}, R_ℓ⟩, ∂γ_ℓ += ⟨ρ_ℓ, R_{ℓ−1}⟩.
        let rho = x.ws + rhoOffset + l * rows
        let alpha = SIMD4(repeating: x.values[alphaOffset + l])
        let gamma = SIMD4(repeating: l + 1 < layers ? x.values[gammaOffset + l + 1] : 0)
        var dAlpha = SIMD4<Double>()
        var dGamma = SIMD4<Double>()
        for a in 0..<count {
          let (ra, aboveA, fa) = (rho + a * w, above + a * w, f + a * w)
          for t in stride(from: 0, to: w, by: 4) {
            let up = TinyBlocks.load(aboveA, t)
            var r = alpha * up
            if l + 1 < layers { r += gamma * TinyBlocks.load(ra + rows, t) }
            TinyBlocks.store(r, ra, t)
            if learnAlpha { dAlpha += up * TinyBlocks.load(fa, t) }
            if l > 0 { dGamma += r * TinyBlocks.load(fa - rows, t) }
          }
        }
        if learnAlpha { x.acc[dAlphaOffset + l] += (dAlpha[0] + dAlpha[1]) + (dAlpha[2] + dAlpha[3]) }
        if l > 0 { x.acc[dGammaOffset + l] += (dGamma[0] + dGamma[1]) + (dGamma[2] + dGamma[3]) }
        grad = rho
      case .lfom:
        let g = x.ws + gOffset
        TinyBlocks.zero(g, rows)
        for term in x.terms where term.source == l {
          let later = x.ws + dzOffset + (term.layer + 1) * rows
          for a in 0..<count {
            let (i, ga, la, fa) = (x.active[a], g + a * w, later + a * w, f + a * w)
            if term.gate < 0 {
              TinyBlocks.axpy(1, la, ga, w)
            } else if fullGates {
              let at = (term.gate * size + i) * w
              TinyBlocks.addHadamard(x.values + gateOffset + at, la, ga, w)
              TinyBlocks.addHadamard(la, fa, x.acc + dGateOffset + at, w)
            } else {
              TinyBlocks.axpy(x.values[gateOffset + term.gate], la, ga, w)
              x.acc[dGateOffset + term.gate] += TinyBlocks.dot(la, fa, w)
            }
          }
        }
        grad = g
      }
      // dW = G·Zᵀ (active rows), then ∂Q_h and, when P is learned, ∂P_h.
      for a in 0..<count {
        for j in 0..<queries { dW[a * size + j] = TinyBlocks.dot(grad + a * w, x.ws + offsets[j], w) }
      }
      for h in 0..<heads {
        let lh = l * heads + h
        let q = x.values + qOffset + lh * dd
        let v = x.ws + vOffset + lh * count * size
        let dQ = x.acc + dQOffset + lh * dd
        for a in 0..<count {
          for j in 0..<queries {
            TinyBlocks.axpy(invN * v[a * size + j], dW + a * size, dQ + j * size, queries)
          }
        }
        if learnValue {
          let dP = x.acc + lh * dd
          for c in 0..<size {
            TinyBlocks.zero(u + c * size, size)
            for j in 0..<queries { TinyBlocks.axpy(k[c * size + j], q + j * size, u + c * size, queries) }
          }
          for a in 0..<count {
            let i = x.active[a]
            for c in 0..<size { dP[i * size + c] += invN * TinyBlocks.dot(dW + a * size, u + c * size, queries) }
          }
        }
      }
      // ∂Z₀ is not needed: the input is data.
      guard l > 0 else { break }
      // ∂K = (1/n)·Σ_h P_hᵀ·(dW·Q_hᵀ) (key rows) and S = ∂K + ∂Kᵀ (active rows), then in one sweep
      // ∂Z_ℓ = ∂Z_{ℓ+1} + Wᵀ·G + S·Z·M (active rows; M drops the query column; W's column i is zero for i ≥ queries).
      TinyBlocks.zero(dK, dd)
      for h in 0..<heads {
        let lh = l * heads + h
        let p = x.values + lh * dd
        let q = x.values + qOffset + lh * dd
        for a in 0..<count {
          for c in 0..<size { y[a * size + c] = TinyBlocks.dot(dW + a * size, q + c * size, queries) }
        }
        for c in x.keys {
          for a in 0..<count { TinyBlocks.axpy(invN * p[x.active[a] * size + c], y + a * size, dK + c * size, size) }
        }
      }
      for a in 0..<count {
        let i = x.active[a]
        for c in 0..<size { sym[a * size + c] = dK[i * size + c] + dK[c * size + i] }
      }
      let below = x.ws + dzOffset + l * rows
      // Without a learned P the one active row is the label row and S's last column is 2·∂K[d, d] = 0.
      let columns = learnValue ? size : queries
      for a in 0..<count {
        let (i, ba, aboveA, sa) = (x.active[a], below + a * w, above + a * w, sym + a * size)
        for t in stride(from: 0, to: w, by: 4) {
          var v = TinyBlocks.load(aboveA, t)
          if i < queries {
            for b in 0..<count { v += SIMD4(repeating: weight[b * size + i]) * TinyBlocks.load(grad + b * w, t) }
          }
          if t < n {
            let s = TinyBlocks.combination(sa, columns, base: x.ws, offsets: offsets, at: t)
            v += t + 4 <= n ? s : s * TinyBlocks.mask(t, before: n)
          }
          TinyBlocks.store(v, ba, t)
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
        Matrix(rows: size, cols: points) { i, j in acc[dGateOffset + (g * size + i) * width + j] }
      }
    } else {
      dGateScalar = Array(acc[dGateOffset..<(dGateOffset + gateCount)])
    }
    return GradientAccumulator.parameterSet(
      of: model, attention: attention, dGamma: Array(acc[dGammaOffset..<(dGammaOffset + layers)]),
      dAlpha: Array(acc[dAlphaOffset..<(dAlphaOffset + layers)]), dGateFull: dGateFull, dGateScalar: dGateScalar)
  }
}
