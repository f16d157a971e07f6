import LinearAlgebra

/// The passes of ``PromptKernel`` for the sparse parametrisation (P_h = e·eᵀ, Q_h = −[[A_h, 0], [0, 0]]) with no
/// memory, the CG memory or scalar LFOM gates, run on d-vectors of coefficients instead of rows of the prompt.
///
/// With P_h = e·eᵀ only the label row z of the residual stream changes, and every update adds a combination of the
/// feature rows X (d×(n+1), fixed): F_ℓ = W_ℓ·Z has the one non-zero row w_ℓᵀ·X because W's last column is zero. So
/// z_ℓ = y + Xᵀ·c_ℓ for a coefficient vector c_ℓ ∈ ℝ^d (c₀ = 0), and the key row of K = Z·M·Zᵀ that W reads is
///
///   k_ℓ = X·M·z_ℓ = b + G·c_ℓ,   G = X·M·Xᵀ,   b = X·M·y   (memformer.md §2.1, M = diag(1, …, 1, 0)),
///
/// then w_ℓ = (1/n)·Σ_h Q̃_hᵀ·k_ℓ with Q̃_h the d×d block of Q_h (times P_h's one entry), and the memory acts on the
/// coefficients as on the rows: R_ℓ = F_ℓ + γ_ℓ·R_{ℓ−1} becomes r_ℓ = w_ℓ + γ_ℓ·r_{ℓ−1}, Z_{ℓ+1} = Z_ℓ + α_ℓ·R_ℓ becomes
/// c_{ℓ+1} = c_ℓ + α_ℓ·r_ℓ (memformer.md §2.2–2.3). The output is [Z_L]_{d+1, n+1} = y_query + x_queryᵀ·c_L.
///
/// The backward pass is the chain rule through the same maps: ĉ_L = g·x_query, then per layer from the top the memory's
/// adjoint ŵ_ℓ (ρ_ℓ = α_ℓ·ĉ_{ℓ+1} + γ_{ℓ+1}·ρ_{ℓ+1}, ∂α_ℓ += ⟨ĉ_{ℓ+1}, r_ℓ⟩, ∂γ_ℓ += ⟨ρ_ℓ, r_{ℓ−1}⟩ for the CG memory),
/// ∂Q̃_h += (1/n)·k_ℓ·ŵ_ℓᵀ, and ĉ_ℓ = ĉ_{ℓ+1} + G·k̂_ℓ with k̂_ℓ = (1/n)·Σ_h Q̃_h·ŵ_ℓ. Since ĉ = X·ẑ, these are the row
/// formulas of ``PromptKernel`` multiplied out (⟨ẑ, Xᵀ·r⟩ = ⟨X·ẑ, r⟩).
///
/// Why: per prompt the Gram matrix G and b cost d(d+1)·n multiply–adds once, and each layer then costs a few d×d
/// products instead of the row passes' several d×(n+1) ones: 2.25 against 4.93 MFLOP per step of 1000 prompts at the
/// papers' d = 5, n = 20, L = 4, and the per-layer work runs on d-vectors of three registers each. The values equal
/// ``PromptKernel``'s and ``ModelKernel``'s up to the order of summation (tested to 1e-12).
///
/// Vectors are stored padded with zeros to `vectorLength` entries (d + 1 rounded up to even) and processed as
/// `SIMD2<Double>` chunks, the width of the baseline x86-64 vector registers.
struct LabelRowKernel {
  let base: PromptKernel
  let d: Int
  let n: Int
  let layers: Int
  let heads: Int
  /// Entries of a stored vector: d + 1 rounded up to even (the Gram pass reads a prompt column, d + 1 entries, as
  /// one vector).
  let vectorLength: Int
  /// Per layer ℓ, head h and row j < d, (p_h/n)·Q_{ℓh}[j, 0..<d]; then per ℓ, h and column m < d, (p_h/n)·Q_{ℓh}[0..<d, m]
  /// (p_h = [P_{ℓh}]_{d+1, d+1}), each padded to `vectorLength`.
  let tables: [Double]
  let columnTables: Int
  /// Workspace layout: the prompt's columns padded to `vectorLength` (used when d + 1 is odd), G (d columns), b,
  /// x_query, k_ℓ and w_ℓ (r_ℓ for the CG memory) per layer, c, ĉ_ℓ (ℓ = 0…L), ρ (two), k̂, then the batch's ∂Q̃.
  let gramOffset: Int
  let bOffset: Int
  let queryOffset: Int
  let kOffset: Int
  let wOffset: Int
  let cOffset: Int
  let cHatOffset: Int
  let rhoOffset: Int
  let kHatOffset: Int
  let dqOffset: Int
  let workspaceSize: Int

  /// The kernel for `base`'s model, or nil when its parametrisation or memory is not one this pass covers.
  init?(_ base: PromptKernel) {
    guard !base.learnValue, !base.fullGates, base.activeCount == 1, base.keyCount == 1, base.queries == base.d
    else { return nil }
    self.base = base
    d = base.d
    n = base.n
    layers = base.layers
    heads = base.heads
    vectorLength = (base.size + 1) / 2 * 2
    let (size, dd) = (base.size, base.block)
    var tables = [Double](repeating: 0, count: 2 * layers * heads * d * vectorLength)
    columnTables = layers * heads * d * vectorLength
    for lh in 0..<(layers * heads) {
      let scale = base.values[lh * dd + d * size + d] * base.invN
      let q = base.qOffset + lh * dd
      for j in 0..<d {
        for m in 0..<d {
          tables[(lh * d + j) * vectorLength + m] = scale * base.values[q + j * size + m]
          tables[columnTables + (lh * d + m) * vectorLength + j] = scale * base.values[q + j * size + m]
        }
      }
    }
    self.tables = tables
    gramOffset = base.points * vectorLength
    bOffset = gramOffset + d * vectorLength
    queryOffset = bOffset + vectorLength
    kOffset = queryOffset + vectorLength
    wOffset = kOffset + layers * vectorLength
    cOffset = wOffset + layers * vectorLength
    cHatOffset = cOffset + vectorLength
    rhoOffset = cHatOffset + (layers + 1) * vectorLength
    kHatOffset = rhoOffset + 2 * vectorLength
    dqOffset = kHatOffset + vectorLength
    workspaceSize = dqOffset + layers * heads * d * vectorLength
  }

  /// The sizes the passes loop over.
  protocol Shape {
    var d: Int { get }
    var n: Int { get }
    /// `SIMD2` chunks of a stored vector.
    var chunks: Int { get }
  }

  /// d = 5, n = 20 as compile-time constants: fixed trip counts, unrolled.
  struct PaperShape: Shape {
    var d: Int { 5 }
    var n: Int { 20 }
    var chunks: Int { 3 }
  }

  /// Any other shape, read at run time.
  struct RuntimeShape: Shape {
    let d: Int
    let n: Int
    let chunks: Int
  }

  private var isPaperSize: Bool { d == 5 && n == 20 }

  private var runtimeShape: RuntimeShape { RuntimeShape(d: d, n: n, chunks: vectorLength / 2) }

  /// Raw views of the tables, the workspace and the accumulators, taken once per batch.
  struct Views {
    let ws: UnsafeMutablePointer<Double>
    let acc: UnsafeMutablePointer<Double>
    let values: UnsafePointer<Double>
    let tables: UnsafePointer<Double>
    let terms: UnsafeBufferPointer<PromptKernel.Term>
  }

  private func withViews<R>(_ workspace: inout PromptWorkspace, _ body: (Views) -> R) -> R {
    workspace.prepare(workspaceSize: workspaceSize, accumulatorSize: base.accumulatorSize)
    return workspace.buffer.withUnsafeMutableBufferPointer { ws in
      workspace.accumulators.withUnsafeMutableBufferPointer { acc in
        base.values.withUnsafeBufferPointer { values in
          tables.withUnsafeBufferPointer { tables in
            base.terms.withUnsafeBufferPointer { terms in
              body(
                Views(
                  ws: ws.baseAddress!, acc: acc.baseAddress!, values: values.baseAddress!,
                  tables: tables.baseAddress!, terms: terms))
            }
          }
        }
      }
    }
  }

  @inline(__always)
  private static func load(_ p: UnsafePointer<Double>, _ c: Int) -> SIMD2<Double> {
    UnsafeRawPointer(p + 2 * c).loadUnaligned(as: SIMD2<Double>.self)
  }

  @inline(__always)
  private static func store(_ v: SIMD2<Double>, _ p: UnsafeMutablePointer<Double>, _ c: Int) {
    UnsafeMutableRawPointer(p + 2 * c).storeBytes(of: v, as: SIMD2<Double>.self)
  }

  /// y += a·x over `chunks` chunks.
  @inline(__always)
  private static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ chunks: Int) {
    let av = SIMD2(repeating: a)
    for c in 0..<chunks { store(load(y, c) + av * load(x, c), y, c) }
  }

  /// ⟨x, y⟩ over `chunks` chunks (lane sums added at the end).
  @inline(__always)
  private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ chunks: Int) -> Double {
    var lanes = SIMD2<Double>()
    for c in 0..<chunks { lanes += load(x, c) * load(y, c) }
    return lanes[0] + lanes[1]
  }

  /// [Z_L]_{d+1, n+1} of every prompt.
  func outputs(_ prompts: [Matrix], _ workspace: inout PromptWorkspace) -> [Double] {
    withViews(&workspace) { x in
      prompts.map { prompt in
        isPaperSize ? forward(prompt, x, PaperShape()) : forward(prompt, x, runtimeShape)
      }
    }
  }

  /// The mean loss over `batch`; the summed gradients are left in the accumulators in ``PromptKernel``'s layout (read
  /// them with ``PromptKernel/gradient(of:_:)``).
  func loss(_ batch: PromptBatch, _ workspace: inout PromptWorkspace) -> Double {
    let scale = 2 / Double(batch.count)
    return withViews(&workspace) { x in
      TinyBlocks.zero(x.acc, base.accumulatorSize)
      TinyBlocks.zero(x.ws + dqOffset, layers * heads * d * vectorLength)
      var loss = 0.0
      if isPaperSize {
        for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
          let error = forward(prompt, x, PaperShape()) + target
          loss += error * error
          backward(scale * error, x, PaperShape())
        }
      } else {
        for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
          let error = forward(prompt, x, runtimeShape) + target
          loss += error * error
          backward(scale * error, x, runtimeShape)
        }
      }
      let (size, dd) = (base.size, base.block)
      for lh in 0..<(layers * heads) {
        for j in 0..<d {
          let (source, target) = (
            x.ws + dqOffset + (lh * d + j) * vectorLength, x.acc + base.dQOffset + lh * dd + j * size
          )
          for m in 0..<d { target[m] = source[m] }
        }
      }
      return loss / Double(batch.count)
    }
  }

  /// G, b and x_query of `prompt` (column-major (d+1)×(n+1)): column k of G and b_k in one sweep,
  /// Σ_{t<n} X[k, t]·[X[:, t]; y_t].
  private func gram<S: Shape>(_ prompt: UnsafePointer<Double>, _ x: Views, _ s: S) {
    let (d, n, chunks) = (s.d, s.n, s.chunks)
    let size = d + 1
    var columns = prompt
    var step = size
    if 2 * chunks != size {
      let padded = x.ws
      for t in 0...n {
        for i in 0..<(2 * chunks) { padded[t * 2 * chunks + i] = i < size ? prompt[t * size + i] : 0 }
      }
      columns = UnsafePointer(padded)
      step = 2 * chunks
    }
    let g = x.ws + gramOffset
    let b = x.ws + bOffset
    TinyBlocks.zero(b, 2 * chunks)
    if chunks == 3 {
      // d = 4 or 5: two columns at a time, six independent sums in registers over one sweep of the prompt.
      for k in Swift.stride(from: 0, to: d, by: 2) {
        let pair = k + 1 < d
        var (u0, u1, u2) = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
        var (v0, v1, v2) = (SIMD2<Double>(), SIMD2<Double>(), SIMD2<Double>())
        for t in 0..<n {
          let column = columns + t * step
          let (x0, x1, x2) = (Self.load(column, 0), Self.load(column, 1), Self.load(column, 2))
          let u = SIMD2(repeating: column[k])
          u0 += u * x0
          u1 += u * x1
          u2 += u * x2
          if pair {
            let v = SIMD2(repeating: column[k + 1])
            v0 += v * x0
            v1 += v * x1
            v2 += v * x2
          }
        }
        Self.store(u0, g + k * 6, 0)
        Self.store(u1, g + k * 6, 1)
        Self.store(u2, g + k * 6, 2)
        if pair {
          Self.store(v0, g + k * 6 + 6, 0)
          Self.store(v1, g + k * 6 + 6, 1)
          Self.store(v2, g + k * 6 + 6, 2)
        }
      }
    } else {
      for k in 0..<d {
        for c in 0..<chunks {
          var sum = SIMD2<Double>()
          for t in 0..<n { sum += SIMD2(repeating: columns[t * step + k]) * Self.load(columns + t * step, c) }
          Self.store(sum, g + k * 2 * chunks, c)
        }
      }
    }
    for k in 0..<d {
      b[k] = g[k * 2 * chunks + d]
      g[k * 2 * chunks + d] = 0
    }
    let query = x.ws + queryOffset
    for i in 0..<(2 * chunks) { query[i] = i < d ? columns[n * step + i] : 0 }
  }

  /// Runs `prompt` forward, keeping k_ℓ and w_ℓ (r_ℓ) for the backward pass; returns [Z_L]_{d+1, n+1}.
  private func forward<S: Shape>(_ prompt: Matrix, _ x: Views, _ s: S) -> Double {
    let (d, n, chunks) = (s.d, s.n, s.chunks)
    let width = 2 * chunks
    let label = prompt.withUnsafeBufferPointer { p in
      gram(p.baseAddress!, x, s)
      return p[d + (d + 1) * n]
    }
    let c = x.ws + cOffset
    TinyBlocks.zero(c, width)
    for l in 0..<layers {
      let k = x.ws + kOffset + l * width
      let w = x.ws + wOffset + l * width
      TinyBlocks.copy(x.ws + bOffset, k, width)
      if l > 0 {
        for j in 0..<d { Self.axpy(c[j], x.ws + gramOffset + j * width, k, chunks) }
      }
      TinyBlocks.zero(w, width)
      for h in 0..<heads {
        let rows = x.tables + (l * heads + h) * d * width
        for j in 0..<d { Self.axpy(k[j], rows + j * width, w, chunks) }
      }
      switch base.recurrence {
      case .none:
        Self.axpy(1, w, c, chunks)
      case .conjugate:
        if l > 0 { Self.axpy(x.values[base.gammaOffset + l], w - width, w, chunks) }
        Self.axpy(x.values[base.alphaOffset + l], w, c, chunks)
      case .lfom:
        for term in x.terms where term.layer == l {
          let gate = term.gate < 0 ? 1 : x.values[base.gateOffset + term.gate]
          Self.axpy(gate, x.ws + wOffset + term.source * width, c, chunks)
        }
      }
    }
    return label + Self.dot(x.ws + queryOffset, c, chunks)
  }

  /// Back-propagates ∂loss/∂[Z_L]_{d+1, n+1} = `outputGradient` through the prompt last run forward and adds the
  /// gradients to the accumulators (∂Q̃ to the workspace's, copied out by ``loss(_:_:)``).
  private func backward<S: Shape>(_ outputGradient: Double, _ x: Views, _ s: S) {
    let (d, chunks) = (s.d, s.chunks)
    let width = 2 * chunks
    let top = x.ws + cHatOffset + layers * width
    TinyBlocks.scaledCopy(outputGradient, x.ws + queryOffset, top, width)
    let kHat = x.ws + kHatOffset
    for l in stride(from: layers - 1, through: 0, by: -1) {
      let above = x.ws + cHatOffset + (l + 1) * width
      let k = x.ws + kOffset + l * width
      let w = x.ws + wOffset + l * width
      // ŵ_ℓ, the adjoint of w_ℓ, through the memory.
      var wHat = above
      switch base.recurrence {
      case .none:
        break
      case .conjugate:
        let rho = x.ws + rhoOffset + (l % 2) * width
        let alpha = SIMD2(repeating: x.values[base.alphaOffset + l])
        let gamma = SIMD2(repeating: l + 1 < layers ? x.values[base.gammaOffset + l + 1] : 0)
        let previous = x.ws + rhoOffset + ((l + 1) % 2) * width
        var dAlpha = SIMD2<Double>()
        var dGamma = SIMD2<Double>()
        for ch in 0..<chunks {
          let up = Self.load(above, ch)
          var r = alpha * up
          if l + 1 < layers { r += gamma * Self.load(previous, ch) }
          Self.store(r, rho, ch)
          if base.learnAlpha { dAlpha += up * Self.load(w, ch) }
          if l > 0 { dGamma += r * Self.load(w - width, ch) }
        }
        if base.learnAlpha { x.acc[base.dAlphaOffset + l] += dAlpha[0] + dAlpha[1] }
        if l > 0 { x.acc[base.dGammaOffset + l] += dGamma[0] + dGamma[1] }
        wHat = rho
      case .lfom:
        wHat = x.ws + rhoOffset
        TinyBlocks.zero(wHat, width)
        for term in x.terms where term.source == l {
          let later = x.ws + cHatOffset + (term.layer + 1) * width
          if term.gate < 0 {
            Self.axpy(1, later, wHat, chunks)
          } else {
            Self.axpy(x.values[base.gateOffset + term.gate], later, wHat, chunks)
            x.acc[base.dGateOffset + term.gate] += Self.dot(later, w, chunks)
          }
        }
      }
      // ∂Q̃_h += (p_h/n)·k_ℓ·ŵ_ℓᵀ.
      for h in 0..<heads {
        let lh = l * heads + h
        let scale = x.values[lh * base.block + d * base.size + d] * base.invN
        let dq = x.ws + dqOffset + lh * d * width
        for j in 0..<d { Self.axpy(scale * k[j], wHat, dq + j * width, chunks) }
      }
      // ĉ₀ is not needed: the input is data.
      guard l > 0 else { break }
      // k̂ = Σ_h (p_h/n)·Q̃_h·ŵ, then ĉ_ℓ = ĉ_{ℓ+1} + G·k̂.
      let below = x.ws + cHatOffset + l * width
      TinyBlocks.copy(above, below, width)
      TinyBlocks.zero(kHat, width)
      for h in 0..<heads {
        let columns = x.tables + columnTables + (l * heads + h) * d * width
        for m in 0..<d { Self.axpy(wHat[m], columns + m * width, kHat, chunks) }
      }
      for j in 0..<d { Self.axpy(kHat[j], x.ws + gramOffset + j * width, below, chunks) }
    }
  }
}
