/// The batched oracles' defaults: a loop over the per-point oracles, so every sampling problem has the ABI 1.1
/// batched entries with results identical to per-point calls.
extension SamplingProblem {
  /// Point i's sample set as the per-point oracles take it, or nil for the full potential.
  @inline(__always)
  func sampleSet(_ samples: UnsafePointer<UInt64>?, _ size: Int, point i: Int) -> [Int]? {
    samples.map { base in (0..<size).map { Int(base[i * size + $0]) } }
  }

  public func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    let n = dimension
    for i in 0..<count {
      h[i] = try potential(Bridge.array(x + i * n, n), samples: sampleSet(samples, sampleSetSize, point: i))
    }
  }

  public func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    let n = dimension
    for i in 0..<count {
      let r = try potentialGradient(
        Bridge.array(x + i * n, n), samples: sampleSet(samples, sampleSetSize, point: i))
      h?[i] = r.value
      try Bridge.write(r.gradient, to: gradient + i * n, count: n, "potential gradient")
    }
  }

  public func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    let n = dimension
    let k = statisticNames.count
    for i in 0..<count {
      try Bridge.write(statistics(Bridge.array(x + i * n, n)), to: out + i * k, count: k, "statistics")
    }
  }
}
