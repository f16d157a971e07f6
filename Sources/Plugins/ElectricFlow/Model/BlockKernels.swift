/// The per-graph n × n pieces of a layer, as fixed loops over contiguous node columns of Zᵀ (D × count·n): at
/// n = 10 a BLAS call per graph would cost more than its arithmetic. Both kernels work on four features at a time
/// (SIMD4) so the loops neither wait on one running sum nor store the output once per term, and they write into
/// the caller's (workspace) buffers, so a layer allocates nothing.
enum BlockKernels {
  typealias Lane = SIMD4<Double>

  /// out_g[a, b] = scale·Σ_j left[j, g·n + a]·right[j, g·n + b] for every graph g (out is n × n per graph).
  /// Four columns b at a time share each load of left's column a and keep four independent running sums.
  static func scores(
    _ left: UnsafePointer<Double>, _ right: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
    width: Int, nodes n: Int, graphs: Int, scale: Double
  ) {
    let lanes = width / 4
    let (lRaw, rRaw) = (UnsafeRawPointer(left), UnsafeRawPointer(right))
    for g in 0..<graphs {
      let base = g * n * width
      let o = out + g * n * n
      for a in 0..<n {
        let la = base + a * width
        var b = 0
        while b + 4 <= n {
          let (r0, r1, r2, r3) = (
            base + b * width, base + (b + 1) * width, base + (b + 2) * width, base + (b + 3) * width
          )
          var (s0, s1, s2, s3) = (Lane(), Lane(), Lane(), Lane())
          for lane in 0..<lanes {
            let j = 4 * lane
            let x = lRaw.loadUnaligned(fromByteOffset: (la + j) * 8, as: Lane.self)
            s0 += x * rRaw.loadUnaligned(fromByteOffset: (r0 + j) * 8, as: Lane.self)
            s1 += x * rRaw.loadUnaligned(fromByteOffset: (r1 + j) * 8, as: Lane.self)
            s2 += x * rRaw.loadUnaligned(fromByteOffset: (r2 + j) * 8, as: Lane.self)
            s3 += x * rRaw.loadUnaligned(fromByteOffset: (r3 + j) * 8, as: Lane.self)
          }
          var (t0, t1, t2, t3) = (s0.pairwiseSum(), s1.pairwiseSum(), s2.pairwiseSum(), s3.pairwiseSum())
          for j in (4 * lanes)..<width {
            let x = left[la + j]
            t0 += x * right[r0 + j]
            t1 += x * right[r1 + j]
            t2 += x * right[r2 + j]
            t3 += x * right[r3 + j]
          }
          o[a + b * n] = scale * t0
          o[a + (b + 1) * n] = scale * t1
          o[a + (b + 2) * n] = scale * t2
          o[a + (b + 3) * n] = scale * t3
          b += 4
        }
        while b < n {
          o[a + b * n] = scale * dot(left + la, right + base + b * width, width)
          b += 1
        }
      }
    }
  }

  /// out[:, g·n + b] (+)= scale·Σ_a v[:, g·n + a]·s_g[a, b] (or s_g[b, a] when `transposeS`) for every graph g;
  /// `accumulate` false overwrites out instead of adding to it. Sixteen features at a time in four independent
  /// running sums, so consecutive multiply–adds do not wait on each other.
  static func mix(
    _ v: UnsafePointer<Double>, _ s: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, width: Int,
    nodes n: Int, graphs: Int, scale: Double, transposeS: Bool = false, accumulate: Bool = true
  ) {
    let lanes = width / 4
    let vRaw = UnsafeRawPointer(v)
    let oRaw = UnsafeMutableRawPointer(out)
    // The n coefficients of one output column, scaled once.
    withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { c in
      for g in 0..<graphs {
        let base = g * n * width
        let sBase = g * n * n
        for b in 0..<n {
          for a in 0..<n { c[a] = scale * (transposeS ? s[sBase + b + a * n] : s[sBase + a + b * n]) }
          let ob = base + b * width
          var lane = 0
          while lane + 4 <= lanes {
            let offset = (ob + 4 * lane) * 8
            var (y0, y1, y2, y3) = (Lane(), Lane(), Lane(), Lane())
            if accumulate {
              y0 = oRaw.loadUnaligned(fromByteOffset: offset, as: Lane.self)
              y1 = oRaw.loadUnaligned(fromByteOffset: offset + 32, as: Lane.self)
              y2 = oRaw.loadUnaligned(fromByteOffset: offset + 64, as: Lane.self)
              y3 = oRaw.loadUnaligned(fromByteOffset: offset + 96, as: Lane.self)
            }
            for a in 0..<n {
              let coefficient = Lane(repeating: c[a])
              let from = (base + a * width + 4 * lane) * 8
              y0 += coefficient * vRaw.loadUnaligned(fromByteOffset: from, as: Lane.self)
              y1 += coefficient * vRaw.loadUnaligned(fromByteOffset: from + 32, as: Lane.self)
              y2 += coefficient * vRaw.loadUnaligned(fromByteOffset: from + 64, as: Lane.self)
              y3 += coefficient * vRaw.loadUnaligned(fromByteOffset: from + 96, as: Lane.self)
            }
            oRaw.storeBytes(of: y0, toByteOffset: offset, as: Lane.self)
            oRaw.storeBytes(of: y1, toByteOffset: offset + 32, as: Lane.self)
            oRaw.storeBytes(of: y2, toByteOffset: offset + 64, as: Lane.self)
            oRaw.storeBytes(of: y3, toByteOffset: offset + 96, as: Lane.self)
            lane += 4
          }
          while lane < lanes {
            let offset = (ob + 4 * lane) * 8
            var y = accumulate ? oRaw.loadUnaligned(fromByteOffset: offset, as: Lane.self) : Lane()
            for a in 0..<n {
              y += c[a] * vRaw.loadUnaligned(fromByteOffset: (base + a * width + 4 * lane) * 8, as: Lane.self)
            }
            oRaw.storeBytes(of: y, toByteOffset: offset, as: Lane.self)
            lane += 1
          }
          for j in (4 * lanes)..<width {
            var y = accumulate ? out[ob + j] : 0
            for a in 0..<n { y += c[a] * v[base + a * width + j] }
            out[ob + j] = y
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
    var sum = acc.pairwiseSum()
    while j < count {
      sum += x[j] * y[j]
      j += 1
    }
    return sum
  }
}

extension SIMD4<Double> {
  /// (x₀ + x₁) + (x₂ + x₃), the pairing the kernels use for every horizontal sum.
  @inline(__always)
  func pairwiseSum() -> Double { (self[0] + self[1]) + (self[2] + self[3]) }
}
