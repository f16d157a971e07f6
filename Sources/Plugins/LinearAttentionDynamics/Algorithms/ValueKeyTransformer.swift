import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// The paper's model — one head per layer, parametrisation (b), no memory, d ≤ 7 — with a forward and backward pass
/// specialised to its block structure, run prompt by prompt on columns held in `SIMD8<Double>` registers
/// (common-incontext-regression.md §4 (b), §6). Same weights, loss and gradient as ``LinearTransformer`` (tested to
/// round-off), several times cheaper: a token column of Z (d + 1 ≤ 8 entries) is one vector, so every product with
/// a column is d or d + 1 vector multiply-adds.
///
/// With P = [[B, 0], [0, 1]], Q = [[A, 0], [0, 0]] and K = Z·M·Zᵀ the layer is Z ← Z + W·X with
///
///   W = (1/n)·P·K·Q = (1/n)·[B·K_xx·A; K_yx·A] ((d+1) × d: the column of W on the label row of Z is 0),
///
/// K_xx = Σ_{j≤n} x_j x_jᵀ and K_yx = Σ_{j≤n} y_j x_jᵀ. Given G = ∂loss/∂Z_{ℓ+1} and dW = G·Xᵀ = [dW_x; dw_y]:
///
///   ∂B = (1/n)·dW_x·Aᵀ·K_xx,   ∂A = (1/n)·(K_xx·Bᵀ·dW_x + K_yxᵀ·dw_y),
///   ∂K = (1/n)·[Bᵀ·dW_x; dw_y]·Aᵀ (rows x and y),
///   ∂Z_ℓ = G + [Wᵀ·G; 0] + (∂K·X and, on the x-rows, ∂Kᵀ·Z, over the n context columns).
///
/// Forward and backward of one prompt run together (its output gradient 2([Z_L]_{d+1,n+1} + y)/B is known as soon as
/// its forward pass ends), so every intermediate lives in a few kilobytes of scratch that stay in cache.
struct ValueKeyTransformer: TrainableModel {
  typealias Column = SIMD8<Double>

  let configuration: TransformerConfiguration
  var weights: ParameterSet

  /// The fast form of `model`, or nil when it is not a one-head, full-block (b) model without memory and d ≤ 7.
  init?(_ model: LinearTransformer) {
    let c = model.configuration
    guard c.parametrisation == .valueKey, c.heads == 1, c.blocks == .full, c.memory == .none,
      c.featureDimension + 1 <= Column.scalarCount
    else { return nil }
    configuration = c
    weights = model.weights
  }

  func lossAndGradient(_ batch: PromptBatch, workspace: inout TransformerWorkspace) throws
    -> (loss: Double, gradient: ParameterSet)
  {
    let c = configuration
    guard batch.featureDimension == c.featureDimension, batch.contextLength == c.contextLength else {
      throw PluginError(
        .invalidArgument,
        "prompts have d = \(batch.featureDimension), n = \(batch.contextLength); the model expects "
          + "d = \(c.featureDimension), n = \(c.contextLength)")
    }
    let (d, n, layers) = (c.featureDimension, c.contextLength, c.layers)
    let rows = d + 1
    let tokens = n + 1
    // Per layer: B, A, Bᵀ, Aᵀ as d columns each (lanes ≥ d zero).
    var weightColumns = [Column](repeating: .zero, count: 4 * layers * d)
    for l in 0..<layers {
      let b = weights["B.\(l).0"]!.values
      let a = weights["A.\(l).0"]!.values
      for col in 0..<d {
        for row in 0..<d {
          weightColumns[(4 * l) * d + col][row] = b[row + d * col]
          weightColumns[(4 * l + 1) * d + col][row] = a[row + d * col]
          weightColumns[(4 * l + 2) * d + col][row] = b[col + d * row]
          weightColumns[(4 * l + 3) * d + col][row] = a[col + d * row]
        }
      }
    }
    var gradients = [Column](repeating: .zero, count: 2 * layers * d)
    var z = [Column](repeating: .zero, count: (layers + 1) * tokens)
    var g = [Column](repeating: .zero, count: tokens)
    var gPrevious = g
    // Per layer K and W (d columns each), then dW, ∂K, transposes (d + 1 columns each) and products.
    var small = [Column](repeating: .zero, count: 2 * layers * d + 8 * rows)
    var lossSum = 0.0
    let scale = 2 / Double(batch.count)
    let invN = 1 / Double(n)
    weightColumns.withUnsafeBufferPointer { wc in
      gradients.withUnsafeMutableBufferPointer { grad in
        z.withUnsafeMutableBufferPointer { z in
          g.withUnsafeMutableBufferPointer { gBuffer in
            gPrevious.withUnsafeMutableBufferPointer { gOther in
              small.withUnsafeMutableBufferPointer { small in
                var current = gBuffer.baseAddress!
                var other = gOther.baseAddress!
                let kw = small.baseAddress!
                let scratch = kw + 2 * layers * d
                for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
                  prompt.withUnsafeBufferPointer { source in
                    for j in 0..<tokens {
                      var column = Column.zero
                      for r in 0..<rows { column[r] = source[r + rows * j] }
                      z[j] = column
                    }
                  }
                  for l in 0..<layers {
                    Self.forward(
                      d: d, n: n, invN: invN, b: wc.baseAddress! + 4 * l * d, a: wc.baseAddress! + (4 * l + 1) * d,
                      z: z.baseAddress! + l * tokens, next: z.baseAddress! + (l + 1) * tokens,
                      k: kw + 2 * l * d, w: kw + (2 * l + 1) * d, scratch: scratch)
                  }
                  let residual = z[layers * tokens + n][d] + target
                  lossSum += residual * residual
                  for j in 0..<tokens { current[j] = .zero }
                  current[n][d] = scale * residual
                  for l in stride(from: layers - 1, through: 0, by: -1) {
                    let base = wc.baseAddress! + 4 * l * d
                    Self.backward(
                      d: d, n: n, invN: invN, b: base, a: base + d, bT: base + 2 * d, aT: base + 3 * d,
                      z: z.baseAddress! + l * tokens, k: kw + 2 * l * d, w: kw + (2 * l + 1) * d, g: current,
                      previous: l > 0 ? other : nil, dB: grad.baseAddress! + 2 * l * d,
                      dA: grad.baseAddress! + (2 * l + 1) * d, scratch: scratch)
                    swap(&current, &other)
                  }
                }
              }
            }
          }
        }
      }
    }
    var gradient = weights
    for index in gradient.tensors.indices {
      let parts = gradient.tensors[index].name.split(separator: ".")
      let offset = (2 * Int(parts[1])! + (parts[0] == "B" ? 0 : 1)) * d
      var values = [Double](repeating: 0, count: d * d)
      for col in 0..<d {
        for row in 0..<d { values[row + d * col] = gradients[offset + col][row] }
      }
      gradient.tensors[index].values = values
    }
    return (lossSum / Double(batch.count), gradient)
  }

  /// One layer forward for one prompt: K_c = Σ_{j<n} z_j·x_jc ([K_xx; K_yx] column c), PK = P·K,
  /// W_c = (1/n)·Σ_m PK_m·A[m, c], next_j = z_j + Σ_c W_c·x_jc for every column, the query's included.
  private static func forward(
    d: Int, n: Int, invN: Double, b: UnsafePointer<Column>, a: UnsafePointer<Column>, z: UnsafePointer<Column>,
    next: UnsafeMutablePointer<Column>, k: UnsafeMutablePointer<Column>, w: UnsafeMutablePointer<Column>,
    scratch: UnsafeMutablePointer<Column>
  ) {
    for c in 0..<d { k[c] = .zero }
    for j in 0..<n {
      let column = z[j]
      for c in 0..<d { k[c] += column * column[c] }
    }
    let pk = scratch
    for c in 0..<d {
      var s = Column.zero
      s[d] = k[c][d]
      for m in 0..<d { s += b[m] * k[c][m] }
      pk[c] = s
    }
    for c in 0..<d {
      var s = Column.zero
      for m in 0..<d { s += pk[m] * a[c][m] }
      w[c] = invN * s
    }
    for j in 0...n {
      let column = z[j]
      var out = column
      for c in 0..<d { out += w[c] * column[c] }
      next[j] = out
    }
  }

  /// One layer backward for one prompt: adds ∂B_ℓ and ∂A_ℓ to `dB`, `dA` (lanes < d are the gradient; lane d
  /// collects values that are never read) and, unless `previous` is nil (the first layer, whose input is data),
  /// writes ∂Z_ℓ into it.
  private static func backward(
    d: Int, n: Int, invN: Double, b: UnsafePointer<Column>, a: UnsafePointer<Column>, bT: UnsafePointer<Column>,
    aT: UnsafePointer<Column>, z: UnsafePointer<Column>, k: UnsafePointer<Column>, w: UnsafePointer<Column>,
    g: UnsafePointer<Column>, previous: UnsafeMutablePointer<Column>?, dB: UnsafeMutablePointer<Column>,
    dA: UnsafeMutablePointer<Column>, scratch: UnsafeMutablePointer<Column>
  ) {
    let rows = d + 1
    let dW = scratch
    let t = scratch + rows
    let wT = scratch + 2 * rows
    let dK = scratch + 3 * rows
    let dKT = scratch + 4 * rows
    var kyx = Column.zero
    for c in 0..<d {
      dW[c] = .zero
      kyx[c] = k[c][d]
    }
    for j in 0...n {
      let gj = g[j]
      let zj = z[j]
      for c in 0..<d { dW[c] += gj * zj[c] }
    }
    // ∂B += (1/n)·dW_x·(Aᵀ·K_xx): t_c = Σ_m Aᵀ_m·K_xx[m, c].
    for c in 0..<d {
      var s = Column.zero
      for m in 0..<d { s += aT[m] * k[c][m] }
      t[c] = s
    }
    for c in 0..<d {
      var s = Column.zero
      for m in 0..<d { s += dW[m] * t[c][m] }
      dB[c] += invN * s
    }
    // ∂A += (1/n)·((K_xx·Bᵀ)·dW_x + K_yxᵀ·dw_y): t_m = Σ_s K_s·B[m, s] (lane d unused).
    for m in 0..<d {
      var s = Column.zero
      for r in 0..<d { s += k[r] * bT[m][r] }
      t[m] = s
    }
    for c in 0..<d {
      var s = kyx * dW[c][d]
      for m in 0..<d { s += t[m] * dW[c][m] }
      dA[c] += invN * s
    }
    guard let previous else { return }
    // ∂K_c = (1/n)·Σ_m V_m·A[c, m], V_m = [Bᵀ·dW_x column m; dw_y[m]].
    for m in 0..<d {
      var s = Column.zero
      for r in 0..<d { s += bT[r] * dW[m][r] }
      s[d] = dW[m][d]
      t[m] = s
    }
    for c in 0..<d {
      var s = Column.zero
      for m in 0..<d { s += t[m] * aT[c][m] }
      dK[c] = invN * s
    }
    // Transposes: wT_r and dKT_r hold row r of W and ∂K (lanes c < d).
    for r in 0..<rows {
      var wr = Column.zero
      var kr = Column.zero
      for c in 0..<d {
        wr[c] = w[c][r]
        kr[c] = dK[c][r]
      }
      wT[r] = wr
      dKT[r] = kr
    }
    for j in 0...n {
      let gj = g[j]
      var out = gj
      for r in 0..<rows { out += wT[r] * gj[r] }
      if j < n {
        let zj = z[j]
        for c in 0..<d { out += dK[c] * zj[c] }
        for r in 0..<rows { out += dKT[r] * zj[r] }
      }
      previous[j] = out
    }
  }
}
