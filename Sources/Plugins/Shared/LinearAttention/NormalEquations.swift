import CatalogueSDK
import LinearAlgebra

/// Each prompt's least-squares problem in weight space, in the eigenbasis of its Gram matrix.
///
/// The in-context risk of prompt b is R(w) = (1/2n)·Σ_{i≤n} (⟨w, xᵢ⟩ − yᵢ)², with gradient ∇R(w) = S·w − c for
/// S = X·Xᵀ/n and c = X·y/n over **all n** context points (the official baselines drop one, §8). With S = V·Λ·Vᵀ
/// (LAPACK `dsyevd`), every linear first-order method started at w₀ = 0 (GD, heavy ball, Nesterov, and CG, which
/// is rotation-invariant) runs coordinate-wise on u = Vᵀw, so a k-step trajectory costs O(k·d) per prompt and a
/// step-size search can afford thousands of trajectories over tens of thousands of prompts.
public struct NormalEquations: Sendable {
  /// Feature dimension d.
  public let dimension: Int
  /// Eigenvalues λ of S per prompt (d each, concatenated).
  let eigenvalues: [Double]
  /// Vᵀc per prompt.
  let rotatedRightHandSides: [Double]
  /// Vᵀx_query per prompt.
  let rotatedQueries: [Double]
  /// The query labels.
  let queryTargets: [Double]

  /// Builds the systems of every prompt of `batch`.
  public init(_ batch: PromptBatch) throws {
    let d = batch.featureDimension
    let invN = 1 / Double(batch.contextLength)
    var lambda: [Double] = []
    var rhs: [Double] = []
    var queries: [Double] = []
    lambda.reserveCapacity(d * batch.count)
    rhs.reserveCapacity(d * batch.count)
    queries.reserveCapacity(d * batch.count)
    for b in 0..<batch.count {
      let x = batch.contextFeatures(b)
      let s = Matrix.gram(x, transpose: true) * invN
      let c = Matrix.product(x, batch.contextLabels(b), alpha: invN)
      let eigen = try SymmetricEigen(s)
      lambda += eigen.values
      rhs += Matrix.product(eigen.vectors, c, transpose: true).elements
      queries += Matrix.product(eigen.vectors, batch.queryFeatures(b), transpose: true).elements
    }
    dimension = d
    eigenvalues = lambda
    rotatedRightHandSides = rhs
    rotatedQueries = queries
    queryTargets = batch.queryTargets
  }

  /// Number of prompts.
  public var count: Int { queryTargets.count }

  /// Runs `method` for `steps` steps on every prompt and returns the test loss after each step k = 1…steps.
  public func losses(_ method: FirstOrderMethod, steps: Int) -> [TestLoss] {
    let d = dimension
    var sums = [TestLoss.Accumulator](repeating: TestLoss.Accumulator(), count: steps)
    var state = [Double](repeating: 0, count: 4 * d)
    eigenvalues.withUnsafeBufferPointer { lambda in
      rotatedRightHandSides.withUnsafeBufferPointer { c in
        rotatedQueries.withUnsafeBufferPointer { x in
          state.withUnsafeMutableBufferPointer { buffer in
            // u: iterate; v: previous iterate (momentum) or residual (CG); p: CG direction.
            let u = UnsafeMutableBufferPointer(rebasing: buffer[0..<d])
            let v = UnsafeMutableBufferPointer(rebasing: buffer[d..<(2 * d)])
            let p = UnsafeMutableBufferPointer(rebasing: buffer[(2 * d)..<(3 * d)])
            for b in 0..<count {
              let base = b * d
              var rr = 0.0
              for i in 0..<d {
                u[i] = 0
                v[i] = 0
                if case .conjugateGradient = method {
                  v[i] = c[base + i]
                  p[i] = c[base + i]
                  rr += v[i] * v[i]
                }
              }
              for k in 0..<steps {
                switch method {
                case .gradientDescent(let etas):
                  let eta = etas[min(k, etas.count - 1)]
                  for i in 0..<d { u[i] -= eta * (lambda[base + i] * u[i] - c[base + i]) }
                case .heavyBall(let eta, let beta):
                  for i in 0..<d {
                    let next = u[i] - eta * (lambda[base + i] * u[i] - c[base + i]) + beta * (u[i] - v[i])
                    v[i] = u[i]
                    u[i] = next
                  }
                case .nesterov(let eta, let beta):
                  for i in 0..<d {
                    let look = u[i] + beta * (u[i] - v[i])
                    v[i] = u[i]
                    u[i] = look - eta * (lambda[base + i] * look - c[base + i])
                  }
                case .conjugateGradient:
                  // Exact line search α = rᵀr / pᵀSp, Fletcher–Reeves β = r₊ᵀr₊ / rᵀr; stop once the residual vanishes.
                  var curvature = 0.0
                  for i in 0..<d { curvature += p[i] * lambda[base + i] * p[i] }
                  if rr > 0 && curvature > 0 {
                    let alpha = rr / curvature
                    var rrNext = 0.0
                    for i in 0..<d {
                      u[i] += alpha * p[i]
                      v[i] -= alpha * lambda[base + i] * p[i]
                      rrNext += v[i] * v[i]
                    }
                    for i in 0..<d { p[i] = v[i] + (rrNext / rr) * p[i] }
                    rr = rrNext
                  }
                }
                var prediction = 0.0
                for i in 0..<d { prediction += x[base + i] * u[i] }
                let error = prediction - queryTargets[b]
                sums[k].add(error * error)
              }
            }
          }
        }
      }
    }
    return sums.map { $0.result }
  }
}

/// A linear first-order method on a prompt's least-squares risk, started at w₀ = 0.
public enum FirstOrderMethod: Sendable, Equatable {
  /// w ← w − η_k·∇R(w) (the last η repeats if there are fewer than the steps).
  case gradientDescent([Double])
  /// Polyak: w ← w − η∇R(w) + β(w − w_prev).
  case heavyBall(step: Double, momentum: Double)
  /// Nesterov with constant momentum: v = w + β(w − w_prev), w ← v − η∇R(v).
  case nesterov(step: Double, momentum: Double)
  /// Linear CG with exact line search and Fletcher–Reeves β (per prompt; exact after d steps).
  case conjugateGradient
}
