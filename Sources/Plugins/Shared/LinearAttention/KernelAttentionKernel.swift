import Glibc
import LinearAlgebra

/// The arithmetic of a ``KernelAttentionTransformer`` on raw buffers (functional-gd.md §2.1).
///
/// Layer ℓ, head h, for one prompt with Z = [X; Y] ∈ ℝ^{(d+1)×(n+1)}:
///
///   Sᵢⱼ = α·⟨B·xᵢ, C·xⱼ⟩ (i ≤ n keys, j ≤ n+1 queries; X rows only),   H = h(S),
///   F = c·blockdiag(A, r)·Z·M·H,   Z_{ℓ+1} = Z_ℓ + Σ_h F,
///
/// with M the mask that drops the query as a key, so only the n context rows of S and H are ever formed, and
/// c = 1/n (``KernelAttentionConfiguration``). The blocks are d×d with d ≈ 5 and n + 1 ≤ ~20, where a BLAS call
/// costs more than its arithmetic, so every product is a fixed loop over flat column-major buffers and a batch
/// allocates nothing per prompt. The weights are read from the flattened ``ParameterSet`` (per layer and head:
/// A, B, C, r), and gradients accumulate in the same flat layout.
struct KernelAttentionKernel {
  let d: Int
  let n: Int
  /// n + 1 tokens.
  let p: Int
  let layers: Int
  let heads: Int
  let nonlinearity: AttentionNonlinearity
  let axis: SoftmaxAxis
  let alpha: Double
  /// The factor c.
  let factor: Double
  /// Flattened weights.
  let weights: [Double]

  init(_ model: KernelAttentionTransformer) {
    let c = model.configuration
    d = c.featureDimension
    n = c.contextLength
    p = n + 1
    layers = c.layers
    heads = c.heads
    nonlinearity = c.nonlinearity
    axis = c.softmaxAxis
    alpha = c.scoreScale
    factor = c.attentionFactor
    weights = model.weights.flattened
  }

  /// Scalars per (layer, head): A, B, C (d² each) and r.
  var headStride: Int { 3 * d * d + 1 }
  /// Doubles of one residual state.
  var stateSize: Int { (d + 1) * p }
  /// Per-prompt scratch: U, W, T, dT, dU, dW (d·p each), t_y, dt_y (p each), dH (n·p).
  var scratchSize: Int { 6 * d * p + 2 * p + n * p }

  /// Runs the prompts through every layer; Z_ℓ of prompt b ends up in `workspace.states[ℓ]`.
  func forward(_ prompts: ArraySlice<Matrix>, _ workspace: inout KernelAttentionWorkspace) {
    workspace.reserve(self, count: prompts.count)
    let size = stateSize
    workspace.states[0].withUnsafeMutableBufferPointer { z0 in
      for (b, prompt) in prompts.enumerated() {
        prompt.withUnsafeBufferPointer { src in
          for k in 0..<size { z0[b * size + k] = src[k] }
        }
      }
    }
    for l in 0..<layers {
      let input = workspace.states[l]
      var output = workspace.states[l + 1]
      workspace.states[l + 1] = []
      weights.withUnsafeBufferPointer { w in
        input.withUnsafeBufferPointer { zIn in
          output.withUnsafeMutableBufferPointer { zOut in
            workspace.scratch.withUnsafeMutableBufferPointer { s in
              for b in 0..<prompts.count {
                let zi = zIn.baseAddress! + b * size
                let zo = zOut.baseAddress! + b * size
                for k in 0..<size { zo[k] = zi[k] }
                for h in 0..<heads {
                  workspace.tables[l * heads + h].withUnsafeMutableBufferPointer { table in
                    layerForward(
                      w.baseAddress! + (l * heads + h) * headStride, zi, zo, table.baseAddress! + b * n * p,
                      s.baseAddress!)
                  }
                }
              }
            }
          }
        }
      }
      workspace.states[l + 1] = output
    }
  }

  /// One head of one layer for one prompt: writes H into `table` and adds F to `zo`.
  @inline(__always)
  private func layerForward(
    _ w: UnsafePointer<Double>, _ zi: UnsafePointer<Double>, _ zo: UnsafeMutablePointer<Double>,
    _ table: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>
  ) {
    let dd = d * d
    let ld = d + 1
    let (a, bk, ck, r) = (w, w + dd, w + 2 * dd, w[3 * dd])
    let u = s
    let wq = s + d * p
    let t = s + 2 * d * p
    let ty = s + 6 * d * p
    projections(bk, ck, zi, u, wq)
    for j in 0..<p {
      for i in 0..<n {
        var sum = 0.0
        for k in 0..<d { sum += u[k + i * d] * wq[k + j * d] }
        table[i + j * n] = alpha * sum
      }
    }
    activate(table)
    for j in 0..<p {
      for k in 0..<d {
        var sum = 0.0
        for i in 0..<n { sum += zi[k + i * ld] * table[i + j * n] }
        t[k + j * d] = sum
      }
      var sumY = 0.0
      for i in 0..<n { sumY += zi[d + i * ld] * table[i + j * n] }
      ty[j] = sumY
    }
    for j in 0..<p {
      for row in 0..<d {
        var sum = 0.0
        for k in 0..<d { sum += a[row + k * d] * t[k + j * d] }
        zo[row + j * ld] += factor * sum
      }
      zo[d + j * ld] += factor * r * ty[j]
    }
  }

  /// U = B·X (context columns) and W = C·X (all columns), from the X rows of Z only.
  @inline(__always)
  private func projections(
    _ bk: UnsafePointer<Double>, _ ck: UnsafePointer<Double>, _ zi: UnsafePointer<Double>,
    _ u: UnsafeMutablePointer<Double>, _ wq: UnsafeMutablePointer<Double>
  ) {
    let ld = d + 1
    for j in 0..<p {
      for row in 0..<d {
        var su = 0.0
        var sw = 0.0
        for k in 0..<d {
          let x = zi[k + j * ld]
          su += bk[row + k * d] * x
          sw += ck[row + k * d] * x
        }
        if j < n { u[row + j * d] = su }
        wq[row + j * d] = sw
      }
    }
  }

  /// H = h(S) in place on the n×(n+1) score table.
  @inline(__always)
  private func activate(_ table: UnsafeMutablePointer<Double>) {
    switch nonlinearity {
    case .linear:
      return
    case .relu, .exp:
      for k in 0..<(n * p) { table[k] = nonlinearity(table[k]) }
    case .softmax:
      switch axis {
      case .keys:
        for j in 0..<p { normalise(table + j * n, count: n, stride: 1) }
      case .queries:
        for i in 0..<n { normalise(table + i, count: p, stride: n) }
      }
    }
  }

  /// A numerically stable softmax of `count` entries `stride` apart, in place.
  @inline(__always)
  private func normalise(_ x: UnsafeMutablePointer<Double>, count: Int, stride: Int) {
    var top = -Double.infinity
    for k in 0..<count { top = max(top, x[k * stride]) }
    var total = 0.0
    for k in 0..<count {
      let e = Glibc.exp(x[k * stride] - top)
      x[k * stride] = e
      total += e
    }
    for k in 0..<count { x[k * stride] /= total }
  }

  /// Back-propagates `outputGradients` (∂ℓ/∂[Z_L]_{d+1, n+1} per prompt) through the layers of the last forward pass
  /// and returns ∂ℓ/∂weights in the flattened layout.
  func backward(_ outputGradients: [Double], _ workspace: inout KernelAttentionWorkspace) -> [Double] {
    var gradient = [Double](repeating: 0, count: weights.count)
    let size = stateSize
    var g = [Double](repeating: 0, count: size)
    var gPrevious = [Double](repeating: 0, count: size)
    for b in outputGradients.indices {
      for k in 0..<size { g[k] = 0 }
      g[d + n * (d + 1)] = outputGradients[b]
      for l in stride(from: layers - 1, through: 0, by: -1) {
        for k in 0..<size { gPrevious[k] = g[k] }
        weights.withUnsafeBufferPointer { w in
          gradient.withUnsafeMutableBufferPointer { grad in
            workspace.states[l].withUnsafeBufferPointer { zIn in
              g.withUnsafeBufferPointer { gOut in
                gPrevious.withUnsafeMutableBufferPointer { gIn in
                  workspace.scratch.withUnsafeMutableBufferPointer { s in
                    for h in 0..<heads {
                      let offset = (l * heads + h) * headStride
                      workspace.tables[l * heads + h].withUnsafeBufferPointer { table in
                        layerBackward(
                          w.baseAddress! + offset, grad.baseAddress! + offset, zIn.baseAddress! + b * size,
                          table.baseAddress! + b * n * p, gOut.baseAddress!, gIn.baseAddress!, s.baseAddress!)
                      }
                    }
                  }
                }
              }
            }
          }
        }
        swap(&g, &gPrevious)
      }
    }
    return gradient
  }

  /// One head of one layer for one prompt: given G = ∂ℓ/∂Z_{ℓ+1} (`gOut`), adds the head's share of ∂ℓ/∂Z_ℓ to
  /// `gIn` (which already holds G through the residual) and of ∂ℓ/∂(A, B, C, r) to `grad`.
  @inline(__always)
  private func layerBackward(
    _ w: UnsafePointer<Double>, _ grad: UnsafeMutablePointer<Double>, _ zi: UnsafePointer<Double>,
    _ table: UnsafePointer<Double>, _ gOut: UnsafePointer<Double>, _ gIn: UnsafeMutablePointer<Double>,
    _ s: UnsafeMutablePointer<Double>
  ) {
    let dd = d * d
    let ld = d + 1
    let (a, bk, ck, r) = (w, w + dd, w + 2 * dd, w[3 * dd])
    let (gradA, gradB, gradC) = (grad, grad + dd, grad + 2 * dd)
    let u = s
    let wq = s + d * p
    let t = s + 2 * d * p
    let dT = s + 3 * d * p
    let dU = s + 4 * d * p
    let dW = s + 5 * d * p
    let ty = s + 6 * d * p
    let dty = ty + p
    let dH = dty + p
    projections(bk, ck, zi, u, wq)
    for j in 0..<p {
      for k in 0..<d {
        var sum = 0.0
        for i in 0..<n { sum += zi[k + i * ld] * table[i + j * n] }
        t[k + j * d] = sum
      }
      var sumY = 0.0
      for i in 0..<n { sumY += zi[d + i * ld] * table[i + j * n] }
      ty[j] = sumY
    }
    // F_x = c·A·T, F_y = c·r·t_y.
    var gradR = 0.0
    for j in 0..<p {
      for k in 0..<d {
        let tk = factor * t[k + j * d]
        for row in 0..<d { gradA[row + k * d] += gOut[row + j * ld] * tk }
        var sum = 0.0
        for row in 0..<d { sum += a[row + k * d] * gOut[row + j * ld] }
        dT[k + j * d] = factor * sum
      }
      gradR += factor * gOut[d + j * ld] * ty[j]
      dty[j] = factor * r * gOut[d + j * ld]
    }
    grad[3 * dd] += gradR
    // T = X_c·H, t_y = y_cᵀ·H: the value path into Z_ℓ, and ∂ℓ/∂H.
    for i in 0..<n {
      for k in 0..<d {
        var sum = 0.0
        for j in 0..<p { sum += dT[k + j * d] * table[i + j * n] }
        gIn[k + i * ld] += sum
      }
      var sumY = 0.0
      for j in 0..<p { sumY += dty[j] * table[i + j * n] }
      gIn[d + i * ld] += sumY
    }
    for j in 0..<p {
      for i in 0..<n {
        var sum = zi[d + i * ld] * dty[j]
        for k in 0..<d { sum += zi[k + i * ld] * dT[k + j * d] }
        dH[i + j * n] = sum
      }
    }
    scoreGradient(table, dH)
    // S = α·Uᵀ·W with U = B·X_c, W = C·X (dH now holds ∂ℓ/∂S including α).
    for i in 0..<n {
      for k in 0..<d {
        var sum = 0.0
        for j in 0..<p { sum += dH[i + j * n] * wq[k + j * d] }
        dU[k + i * d] = sum
      }
    }
    for j in 0..<p {
      for k in 0..<d {
        var sum = 0.0
        for i in 0..<n { sum += dH[i + j * n] * u[k + i * d] }
        dW[k + j * d] = sum
      }
    }
    for j in 0..<p {
      for col in 0..<d {
        let x = zi[col + j * ld]
        for row in 0..<d {
          if j < n { gradB[row + col * d] += dU[row + j * d] * x }
          gradC[row + col * d] += dW[row + j * d] * x
        }
        var sum = 0.0
        for row in 0..<d { sum += ck[row + col * d] * dW[row + j * d] }
        if j < n {
          for row in 0..<d { sum += bk[row + col * d] * dU[row + j * d] }
        }
        gIn[col + j * ld] += sum
      }
    }
  }

  /// Turns ∂ℓ/∂H into ∂ℓ/∂S (with the factor α) in place, through the non-linearity recorded in H.
  @inline(__always)
  private func scoreGradient(_ table: UnsafePointer<Double>, _ dH: UnsafeMutablePointer<Double>) {
    let count = n * p
    switch nonlinearity {
    case .linear:
      for k in 0..<count { dH[k] *= alpha }
    case .relu:
      for k in 0..<count { dH[k] = table[k] > 0 ? alpha * dH[k] : 0 }
    case .exp:
      for k in 0..<count { dH[k] *= alpha * table[k] }
    case .softmax:
      switch axis {
      case .keys:
        for j in 0..<p {
          var m = 0.0
          for i in 0..<n { m += table[i + j * n] * dH[i + j * n] }
          for i in 0..<n { dH[i + j * n] = alpha * table[i + j * n] * (dH[i + j * n] - m) }
        }
      case .queries:
        for i in 0..<n {
          var m = 0.0
          for j in 0..<p { m += table[i + j * n] * dH[i + j * n] }
          for j in 0..<p { dH[i + j * n] = alpha * table[i + j * n] * (dH[i + j * n] - m) }
        }
      }
    }
  }
}
