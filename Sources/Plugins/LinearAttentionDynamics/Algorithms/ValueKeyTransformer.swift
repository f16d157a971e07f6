import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// The paper's model — one head per layer, parametrisation (b), no memory — with a forward and backward pass
/// specialised to its block structure and run prompt by prompt in fixed-size loops (common-incontext-regression.md
/// §4 (b), §6). Same weights, loss and gradient as ``LinearTransformer`` (tested to round-off), about 3× cheaper.
///
/// With P = [[B, 0], [0, 1]], Q = [[A, 0], [0, 0]] and K = Z·M·Zᵀ the layer is Z ← Z + W·Z with
///
///   W = (1/n)·P·K·Q = (1/n)·[B·K_xx·A; K_yx·A] ((d+1) × d; its last column, on the label row of Z, is 0),
///
/// K_xx = Σ_{j≤n} x_j x_jᵀ and K_yx = Σ_{j≤n} y_j x_jᵀ. Given G = ∂loss/∂Z_{ℓ+1} and dW = G·X_ℓᵀ = [dW_x; dw_y]:
///
///   ∂B = (1/n)·dW_x·Aᵀ·K_xx,   ∂A = (1/n)·(K_xx·Bᵀ·dW_x + K_yxᵀ·dw_y),
///   ∂K_xx = (1/n)·Bᵀ·dW_x·Aᵀ,  ∂K_yx = (1/n)·dw_y·Aᵀ,
///   ∂Z_ℓ = G + [Wᵀ·G; 0] + K-path (∂K·X on the context columns, and ∂Kᵀ·Z on their x-rows).
///
/// Forward and backward of one prompt run together (the output gradient 2([Z_L]_{d+1,n+1} + y)/B is known as
/// soon as its forward pass ends), so every intermediate lives in a few hundred doubles of scratch that stay in
/// cache; the only per-batch cost outside the loops is copying the prompt in.
struct ValueKeyTransformer: TrainableModel {
  let configuration: TransformerConfiguration
  var weights: ParameterSet

  /// The fast form of `model`, or nil when it is not a one-head, full-block (b) model without memory.
  init?(_ model: LinearTransformer) {
    let c = model.configuration
    guard c.parametrisation == .valueKey, c.heads == 1, c.blocks == .full, c.memory == .none else { return nil }
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
    let block = d * d
    let zSize = rows * tokens
    let wSize = rows * d
    let invN = 1 / Double(n)
    // Weights: B_ℓ then A_ℓ, column-major d×d, in layer order (the layout of LinearTransformer.layout).
    var bw = [Double](repeating: 0, count: layers * block)
    var aw = bw
    for l in 0..<layers {
      bw.replaceSubrange(l * block..<(l + 1) * block, with: weights["B.\(l).0"]!.values)
      aw.replaceSubrange(l * block..<(l + 1) * block, with: weights["A.\(l).0"]!.values)
    }
    var dB = [Double](repeating: 0, count: layers * block)
    var dA = dB
    // Scratch: Z_0…Z_L, per layer K = [K_xx; K_yx] and W ((d+1)×d each), two gradient buffers, small products.
    var z = [Double](repeating: 0, count: (layers + 1) * zSize)
    var k = [Double](repeating: 0, count: layers * wSize)
    var w = k
    var g = [Double](repeating: 0, count: zSize)
    var gPrevious = g
    var dW = [Double](repeating: 0, count: wSize)
    var dK = dW
    var t1 = [Double](repeating: 0, count: block)
    var t2 = t1
    var lossSum = 0.0
    let scale = 2 / Double(batch.count)
    bw.withUnsafeBufferPointer { bw in
      aw.withUnsafeBufferPointer { aw in
        for (prompt, target) in zip(batch.prompts, batch.queryTargets) {
          prompt.withUnsafeBufferPointer { source in
            for i in 0..<zSize { z[i] = source[i] }
          }
          z.withUnsafeMutableBufferPointer { z in
            k.withUnsafeMutableBufferPointer { k in
              w.withUnsafeMutableBufferPointer { w in
                for l in 0..<layers {
                  Self.forward(
                    d: d, n: n, b: bw.baseAddress! + l * block, a: aw.baseAddress! + l * block, invN: invN,
                    z: z.baseAddress! + l * zSize, next: z.baseAddress! + (l + 1) * zSize,
                    k: k.baseAddress! + l * wSize, w: w.baseAddress! + l * wSize, scratch: &t1)
                }
              }
            }
          }
          let residual = z[layers * zSize + d + rows * n] + target
          lossSum += residual * residual
          for i in 0..<zSize { g[i] = 0 }
          g[d + rows * n] = scale * residual
          for l in stride(from: layers - 1, through: 0, by: -1) {
            z.withUnsafeBufferPointer { z in
              Self.backward(
                d: d, n: n, b: bw.baseAddress! + l * block, a: aw.baseAddress! + l * block, invN: invN,
                z: z.baseAddress! + l * zSize, k: k, w: w, layerOffset: l * wSize, g: g,
                previous: &gPrevious, writesPrevious: l > 0, dB: &dB, dA: &dA, paramOffset: l * block, dW: &dW, dK: &dK,
                t1: &t1, t2: &t2)
            }
            if l > 0 { swap(&g, &gPrevious) }
          }
        }
      }
    }
    var gradient = weights
    for index in gradient.tensors.indices {
      let parts = gradient.tensors[index].name.split(separator: ".")
      let l = Int(parts[1])!
      let source = parts[0] == "B" ? dB : dA
      gradient.tensors[index].values = Array(source[l * block..<(l + 1) * block])
    }
    return (lossSum / Double(batch.count), gradient)
  }

  /// One layer forward for one prompt: K = [K_xx; K_yx] over the n context columns, W = (1/n)·[B·K_xx·A; K_yx·A],
  /// next = z + W·X (every column, the query's included).
  private static func forward(
    d: Int, n: Int, b: UnsafePointer<Double>, a: UnsafePointer<Double>, invN: Double,
    z: UnsafeMutablePointer<Double>, next: UnsafeMutablePointer<Double>, k: UnsafeMutablePointer<Double>,
    w: UnsafeMutablePointer<Double>, scratch: inout [Double]
  ) {
    let rows = d + 1
    for i in 0..<(rows * d) { k[i] = 0 }
    for j in 0..<n {
      let column = z + rows * j
      for c in 0..<d {
        let x = column[c]
        for r in 0..<rows { k[r + rows * c] += column[r] * x }
      }
    }
    scratch.withUnsafeMutableBufferPointer { bk in
      // bk = [B·K_xx; K_yx] ((d+1)×d).
      for c in 0..<d {
        for r in 0..<d {
          var s = 0.0
          for m in 0..<d { s += b[r + d * m] * k[m + rows * c] }
          bk[r + d * c] = s
        }
      }
      for c in 0..<d {
        for r in 0..<d {
          var s = 0.0
          for m in 0..<d { s += bk[r + d * m] * a[m + d * c] }
          w[r + rows * c] = invN * s
        }
        var s = 0.0
        for m in 0..<d { s += k[d + rows * m] * a[m + d * c] }
        w[d + rows * c] = invN * s
      }
    }
    for j in 0...n {
      let column = z + rows * j
      let out = next + rows * j
      for r in 0..<rows { out[r] = column[r] }
      for c in 0..<d {
        let x = column[c]
        for r in 0..<rows { out[r] += w[r + rows * c] * x }
      }
    }
  }

  /// One layer backward for one prompt: adds ∂B_ℓ, ∂A_ℓ to the accumulators and, if `writesPrevious` (false for the
  /// first layer, whose input is data), writes ∂Z_ℓ into `previous`.
  private static func backward(
    d: Int, n: Int, b: UnsafePointer<Double>, a: UnsafePointer<Double>, invN: Double, z: UnsafePointer<Double>,
    k: [Double], w: [Double], layerOffset: Int, g: [Double], previous: inout [Double], writesPrevious: Bool,
    dB: inout [Double], dA: inout [Double], paramOffset: Int, dW: inout [Double], dK: inout [Double],
    t1: inout [Double], t2: inout [Double]
  ) {
    let rows = d + 1
    k.withUnsafeBufferPointer { kAll in
      w.withUnsafeBufferPointer { wAll in
        g.withUnsafeBufferPointer { g in
          dW.withUnsafeMutableBufferPointer { dW in
            dK.withUnsafeMutableBufferPointer { dK in
              t1.withUnsafeMutableBufferPointer { t1 in
                t2.withUnsafeMutableBufferPointer { t2 in
                  dB.withUnsafeMutableBufferPointer { dBAll in
                    dA.withUnsafeMutableBufferPointer { dAAll in
                      let k = kAll.baseAddress! + layerOffset
                      let w = wAll.baseAddress! + layerOffset
                      let dBl = dBAll.baseAddress! + paramOffset
                      let dAl = dAAll.baseAddress! + paramOffset
                      // dW = G·Xᵀ over every column ((d+1)×d).
                      for i in 0..<(rows * d) { dW[i] = 0 }
                      for j in 0...n {
                        let gj = g.baseAddress! + rows * j
                        let zj = z + rows * j
                        for c in 0..<d {
                          let x = zj[c]
                          for r in 0..<rows { dW[r + rows * c] += gj[r] * x }
                        }
                      }
                      // t1 = Aᵀ·K_xx; ∂B += (1/n)·dW_x·t1.
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = 0.0
                          for m in 0..<d { s += a[m + d * r] * k[m + rows * c] }
                          t1[r + d * c] = s
                        }
                      }
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = 0.0
                          for m in 0..<d { s += dW[r + rows * m] * t1[m + d * c] }
                          dBl[r + d * c] += invN * s
                        }
                      }
                      // t2 = K_xx·Bᵀ; ∂A += (1/n)·(t2·dW_x + K_yxᵀ·dw_y).
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = 0.0
                          for m in 0..<d { s += k[r + rows * m] * b[c + d * m] }
                          t2[r + d * c] = s
                        }
                      }
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = k[d + rows * r] * dW[d + rows * c]
                          for m in 0..<d { s += t2[r + d * m] * dW[m + rows * c] }
                          dAl[r + d * c] += invN * s
                        }
                      }
                      guard writesPrevious else { return }
                      // ∂K = (1/n)·[Bᵀ·dW_x·Aᵀ; dw_y·Aᵀ] ((d+1)×d): t1 = Bᵀ·dW_x first.
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = 0.0
                          for m in 0..<d { s += b[m + d * r] * dW[m + rows * c] }
                          t1[r + d * c] = s
                        }
                      }
                      for c in 0..<d {
                        for r in 0..<d {
                          var s = 0.0
                          for m in 0..<d { s += t1[r + d * m] * a[c + d * m] }
                          dK[r + rows * c] = invN * s
                        }
                        var s = 0.0
                        for m in 0..<d { s += dW[d + rows * m] * a[c + d * m] }
                        dK[d + rows * c] = invN * s
                      }
                      previous.withUnsafeMutableBufferPointer { out in
                        for j in 0...n {
                          let gj = g.baseAddress! + rows * j
                          let zj = z + rows * j
                          let oj = out.baseAddress! + rows * j
                          for r in 0..<rows { oj[r] = gj[r] }
                          // W-path: x-rows += Wᵀ·G.
                          for c in 0..<d {
                            var s = 0.0
                            for r in 0..<rows { s += w[r + rows * c] * gj[r] }
                            oj[c] += s
                          }
                          guard j < n else { continue }
                          // K-path on context columns: ∂Z += ∂K·x_j, x-rows += ∂Kᵀ·z_j.
                          for c in 0..<d {
                            let x = zj[c]
                            var s = 0.0
                            for r in 0..<rows {
                              oj[r] += dK[r + rows * c] * x
                              s += dK[r + rows * c] * zj[r]
                            }
                            oj[c] += s
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
