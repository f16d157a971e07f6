/// The per-graph n × n pieces of a layer, as fixed loops over contiguous node columns of Zᵀ (D × count·n): at
/// n = 10 a BLAS call per graph would cost more than its arithmetic.
enum BlockKernels {
  /// out_g[a, b] = scale·Σ_j left[j, g·n + a]·right[j, g·n + b] for every graph g (out is n × n per graph).
  static func scores(
    _ left: [Double], _ right: [Double], into out: inout [Double], width: Int, nodes n: Int, graphs: Int,
    scale: Double
  ) {
    left.withUnsafeBufferPointer { l in
      right.withUnsafeBufferPointer { r in
        out.withUnsafeMutableBufferPointer { o in
          for g in 0..<graphs {
            let base = g * n * width
            for b in 0..<n {
              let rb = base + b * width
              for a in 0..<n {
                let la = base + a * width
                var sum = 0.0
                for j in 0..<width { sum += l[la + j] * r[rb + j] }
                o[g * n * n + a + b * n] = scale * sum
              }
            }
          }
        }
      }
    }
  }

  /// out[:, g·n + b] += scale·Σ_a v[:, g·n + a]·s_g[a, b] (or s_g[b, a] when `transposeS`) for every graph g.
  static func mix(
    _ v: [Double], _ s: [Double], into out: inout [Double], width: Int, nodes n: Int, graphs: Int, scale: Double,
    transposeS: Bool = false
  ) {
    v.withUnsafeBufferPointer { vp in
      s.withUnsafeBufferPointer { sp in
        out.withUnsafeMutableBufferPointer { o in
          for g in 0..<graphs {
            let base = g * n * width
            let sBase = g * n * n
            for b in 0..<n {
              let ob = base + b * width
              for a in 0..<n {
                let coefficient = scale * (transposeS ? sp[sBase + b + a * n] : sp[sBase + a + b * n])
                let va = base + a * width
                for j in 0..<width { o[ob + j] += coefficient * vp[va + j] }
              }
            }
          }
        }
      }
    }
  }
}
