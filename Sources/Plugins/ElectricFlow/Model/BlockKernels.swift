/// The per-graph n × n pieces of a layer, as fixed loops over contiguous node columns of Zᵀ (D × count·n): at
/// n = 10 a BLAS call per graph would cost more than its arithmetic. Both kernels work on four features at a time
/// (SIMD4) so the loops neither wait on one running sum nor store the output once per term, and they write into
/// the caller's (workspace) buffers, so a layer allocates nothing.
enum BlockKernels {
  typealias Lane = SIMD4<Double>

  /// out_g[a, b] = scale·Σ_j left[j, g·n + a]·right[j, g·n + b] for every graph g (out is n × n per graph).
  static func scores(
    _ left: UnsafePointer<Double>, _ right: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
    width: Int, nodes n: Int, graphs: Int, scale: Double
  ) {
    for g in 0..<graphs {
      let base = g * n * width
      for b in 0..<n {
        let rb = right + base + b * width
        for a in 0..<n {
          out[g * n * n + a + b * n] = scale * dot(left + base + a * width, rb, width)
        }
      }
    }
  }

  /// out[:, g·n + b] (+)= scale·Σ_a v[:, g·n + a]·s_g[a, b] (or s_g[b, a] when `transposeS`) for every graph g;
  /// `accumulate` false overwrites out instead of adding to it.
  static func mix(
    _ v: UnsafePointer<Double>, _ s: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, width: Int,
    nodes n: Int, graphs: Int, scale: Double, transposeS: Bool = false, accumulate: Bool = true
  ) {
    let lanes = width / 4
    let vRaw = UnsafeRawPointer(v)
    let oRaw = UnsafeMutableRawPointer(out)
    // The n coefficients of one output column, scaled once (n ≤ 64 keeps them on the stack).
    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { c in
      for g in 0..<graphs {
        let base = g * n * width
        let sBase = g * n * n
        for b in 0..<n {
          for a in 0..<n { c[a] = scale * (transposeS ? s[sBase + b + a * n] : s[sBase + a + b * n]) }
          let ob = base + b * width
          for lane in 0..<lanes {
            let offset = (ob + 4 * lane) * 8
            var acc = accumulate ? oRaw.loadUnaligned(fromByteOffset: offset, as: Lane.self) : Lane()
            for a in 0..<n {
              acc += c[a] * vRaw.loadUnaligned(fromByteOffset: (base + a * width + 4 * lane) * 8, as: Lane.self)
            }
            oRaw.storeBytes(of: acc, toByteOffset: offset, as: Lane.self)
          }
          for j in (4 * lanes)..<width {
            var acc = accumulate ? out[ob + j] : 0
            for a in 0..<n { acc += c[a] * v[base + a * width + j] }
            out[ob + j] = acc
          }
        }
      }
    }
  }

  /// Σ_j x[j]·y[j], four lanes at a time.
  @inline(__always)
  static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ count: Int) -> Double {
    let (xr, yr) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
    var acc = Lane()
    var j = 0
    while j + 4 <= count {
      acc +=
        xr.loadUnaligned(fromByteOffset: j * 8, as: Lane.self) * yr.loadUnaligned(fromByteOffset: j * 8, as: Lane.self)
      j += 4
    }
    var sum = (acc[0] + acc[1]) + (acc[2] + acc[3])
    while j < count {
      sum += x[j] * y[j]
      j += 1
    }
    return sum
  }
}
