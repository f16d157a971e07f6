import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// k steps of functional gradient descent in the RKHS of K(u, v) = h(α⟨u, v⟩), prompt by prompt
/// (functional-gd.md §2.2, §5.1): from f₀ = 0,
///
///   f_{ℓ+1}(x) = f_ℓ(x) + (η_ℓ/n)·Σ_{i≤n} (yᵢ − f_ℓ(xᵢ))·K(xᵢ, x),
///
/// the gradient step on (1/2n)·Σ(f(xᵢ) − yᵢ)². Only the context residuals rᵢ = yᵢ − f_ℓ(xᵢ) and the query value are
/// tracked: r ← r − (η_ℓ/n)·K_c·r and f(x_q) ← f(x_q) + (η_ℓ/n)·k_qᵀ·r, so a step costs O(n²) per prompt on the
/// Gram blocks computed once.
struct FunctionalGradientDescent {
  let n: Int
  let count: Int
  /// K_c of every prompt (n×n, prompt after prompt).
  let contextGram: [Double]
  /// k_q of every prompt (n entries each).
  let queryKernel: [Double]
  /// Context labels (n each).
  let labels: [Double]
  /// True query labels.
  let targets: [Double]

  /// Precomputes the Gram blocks of `batch` under kernel h with scale α.
  init(_ batch: PromptBatch, kernel h: AttentionNonlinearity, scale: Double) {
    let (d, n) = (batch.featureDimension, batch.contextLength)
    self.n = n
    count = batch.count
    var gram = [Double](repeating: 0, count: n * n * batch.count)
    var query = [Double](repeating: 0, count: n * batch.count)
    var labels = [Double](repeating: 0, count: n * batch.count)
    for b in 0..<batch.count {
      batch.prompts[b].withUnsafeBufferPointer { z in
        func kernel(_ i: Int, _ j: Int) -> Double {
          var dot = 0.0
          for k in 0..<d { dot += z[k + i * (d + 1)] * z[k + j * (d + 1)] }
          return h(scale * dot)
        }
        for j in 0..<n {
          for i in 0..<n { gram[b * n * n + i + j * n] = kernel(i, j) }
          query[b * n + j] = kernel(j, n)
          labels[b * n + j] = z[d + j * (d + 1)]
        }
      }
    }
    contextGram = gram
    queryKernel = query
    self.labels = labels
    targets = batch.queryTargets
  }

  /// The query predictions f_ℓ(x_q) after each step ℓ = 1…k: `[step][prompt]`.
  func predictions(_ stepSizes: [Double]) -> [[Double]] {
    var out = [[Double]](repeating: [Double](repeating: 0, count: count), count: stepSizes.count)
    var r = [Double](repeating: 0, count: n)
    var next = r
    for b in 0..<count {
      for i in 0..<n { r[i] = labels[b * n + i] }
      var f = 0.0
      for (step, eta) in stepSizes.enumerated() {
        let c = eta / Double(n)
        var dot = 0.0
        for i in 0..<n { dot += queryKernel[b * n + i] * r[i] }
        f += c * dot
        out[step][b] = f
        guard step + 1 < stepSizes.count else { break }
        for i in 0..<n {
          var sum = 0.0
          for j in 0..<n { sum += contextGram[b * n * n + i + j * n] * r[j] }
          next[i] = r[i] - c * sum
        }
        swap(&r, &next)
      }
    }
    return out
  }

  /// The test loss after each step.
  func losses(_ stepSizes: [Double]) -> [TestLoss] {
    predictions(stepSizes).map { f in TestLoss(squaredErrors: zip(f, targets).map { ($0 - $1) * ($0 - $1) }) }
  }

  /// The mean squared error after the last step.
  func finalLoss(_ stepSizes: [Double]) -> Double {
    losses(stepSizes).last!.mean
  }
}
