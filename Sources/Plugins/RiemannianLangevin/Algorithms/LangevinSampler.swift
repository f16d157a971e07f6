import CatalogueSDK
import SeededRandom

/// Runs M independent Langevin chains on a sampling problem and reports the bias of the problem's first statistic
/// against its exact expectation (spec riemannian-langevin.md §4.1).
///
/// One iteration moves every chain by one step. The states live in one flat array of M × pointSize doubles, the
/// per-chain statistics and switch counters in flat arrays too. The trace reports, per iteration, the mean over
/// chains of the statistic at that step (the "final states" estimator), and the ergodic estimator that also
/// averages over the post-burn-in steps of every chain (the "long chain with burn-in and thinning" estimator);
/// both standard errors come from the spread across the independent chains, so they are exact for any
/// autocorrelation.
struct LangevinSampler {
  let run: Run
  let problem: any SamplingProblem
  let stepper: ChainStepper
  let chains: Int
  let burnIn: Int
  let thin: Int
  /// The stochastic gradient's batch size, or nil for the exact gradient.
  let batch: Int?
  /// How many final states go into samples.csv.
  let writtenSamples: Int

  /// Reads the common parameters: `step` (δ·L), `chains`, `burn_in`, `thin`, `samples`.
  init(run: Run, form: StepForm, batch: Int?) throws {
    self.run = run
    problem = try run.problem.sampling()
    let lipschitz = run.problem.reference("gradient_lipschitz") ?? 1
    guard lipschitz > 0 && lipschitz.isFinite else {
      throw PluginError(.invalidArgument, "the problem's gradient_lipschitz reference must be positive")
    }
    let delta = try run.parameters.real("step") / lipschitz
    stepper = try ChainStepper(problem: problem, form: form, delta: delta)
    chains = try run.parameters.int("chains")
    burnIn = try run.parameters.int("burn_in")
    thin = try run.parameters.int("thin")
    writtenSamples = try run.parameters.int("samples")
    if let batch {
      guard problem.sampleCount > 0 else {
        throw PluginError(
          .invalidArgument, "sg-glmc needs a finite-sum problem (sample count > 0), e.g. vmf-finite-sum")
      }
      guard batch <= problem.sampleCount else {
        throw PluginError(
          .invalidArgument, "batch = \(batch) exceeds the problem's \(problem.sampleCount) terms; lower batch")
      }
    }
    self.batch = batch
  }

  func callAsFunction() throws {
    let n = problem.dimension
    var rng = run.rng
    defer { run.rng = rng }
    var points = [Double](repeating: 0, count: chains * n)
    for c in 0..<chains {
      let x0 = try problem.initialPoint(chain: c, rng: &rng)
      guard x0.count == n else {
        throw PluginError(.internal, "initial point has \(x0.count) doubles, expected \(n)")
      }
      points.replaceSubrange(c * n..<(c + 1) * n, with: x0)
    }

    let names = problem.statisticNames
    let references = names.isEmpty ? [] : try problem.referenceExpectations()
    let hasTarget = !names.isEmpty && references.count == names.count
    let modeIndex = run.problem.reference("mode_statistic").map { Int($0) }.flatMap {
      $0 >= 0 && $0 < names.count ? $0 : nil
    }
    let modeThreshold = run.problem.reference("mode_threshold") ?? 0
    var columns = ["h_mean"]
    if hasTarget {
      columns += ["estimate", "bias", "stderr", "ergodic_estimate", "ergodic_bias", "ergodic_stderr"]
    }
    if modeIndex != nil { columns.append("mode_switch_rate") }
    try run.declareTrace(columns)

    // Per-chain sums of the target statistic over the post-burn-in steps, and mode signs and switch counts.
    var chainSums = [Double](repeating: 0, count: chains)
    var averagedSteps = 0
    var signs = [Double](repeating: 0, count: chains)
    var switches = 0
    let stride = max(names.count, 1)
    var statistics = [Double](repeating: 0, count: chains * stride)
    // The stochastic gradient's term indices: a reused permutation, and one sample set per chain, flat.
    var indices = (0..<problem.sampleCount).map { UInt64($0) }
    var sampleSets = [UInt64](repeating: 0, count: chains * (batch ?? 0))
    var next = points
    var work = ChainStepper.Workspace(chains: chains, pointSize: n)
    var iteration = 0
    var row: [Double] = []
    repeat {
      iteration += 1
      if let batch {
        for c in 0..<chains { drawBatch(batch, &indices, into: &sampleSets, at: c * batch, &rng) }
      }
      try points.withUnsafeBufferPointer { x in
        try next.withUnsafeMutableBufferPointer { y in
          try sampleSets.withUnsafeBufferPointer { sets in
            try stepper.step(
              chains: chains, x.baseAddress!, into: y.baseAddress!, samples: batch == nil ? nil : sets.baseAddress,
              sampleSetSize: batch ?? 0, work: &work, rng: &rng)
          }
        }
      }
      swap(&points, &next)
      var hSum = 0.0
      for c in 0..<chains { hSum += work.h[c] }
      if !names.isEmpty {
        try points.withUnsafeBufferPointer { x in
          try statistics.withUnsafeMutableBufferPointer { out in
            try problem.statisticsBatch(count: chains, x.baseAddress!, out.baseAddress!)
          }
        }
        if let modeIndex {
          for c in 0..<chains {
            // Hysteresis: a chain changes mode only when it enters the other well (|s| > threshold), so jitter
            // around s = 0, whose crossing count grows like 1/√δ, is not counted as a switch.
            let value = statistics[c * stride + modeIndex]
            let mode: Double = value > modeThreshold ? 1 : (value < -modeThreshold ? -1 : signs[c])
            if signs[c] != 0 && mode != signs[c] { switches += 1 }
            signs[c] = mode
          }
        }
      }
      row = [hSum / Double(chains)]
      if hasTarget {
        let (mean, error) = Self.meanAndError(chains) { statistics[$0 * stride] }
        if iteration > burnIn && (iteration - burnIn - 1) % thin == 0 {
          for c in 0..<chains { chainSums[c] += statistics[c * stride] }
          averagedSteps += 1
        }
        var ergodic = (mean, error)
        if averagedSteps > 0 {
          let steps = Double(averagedSteps)
          ergodic = Self.meanAndError(chains) { chainSums[$0] / steps }
        }
        row += [mean, mean - references[0], error, ergodic.0, ergodic.0 - references[0], ergodic.1]
      }
      if modeIndex != nil {
        row.append(Double(switches) / (Double(chains) * Double(max(iteration - 1, 1)) * stepper.delta))
      }
    } while run.report(iteration: iteration, row)

    try finish(points: points, statistics: statistics, names: names, references: references, row: row)
    try compareWithExactDraws(statistics: statistics, names: names, references: references, &rng)
  }

  /// Spec §4.1's comparison with exact sampling, where the problem declares an exact law: as many exact draws as
  /// chains, their mean and bias against the reference, and their W₁ to the exact CDF (the Monte Carlo floor of the
  /// chains' `w1_<statistic>`).
  private func compareWithExactDraws(
    statistics: [Double], names: [String], references: [Double], _ rng: inout CatalogueRandom
  ) throws {
    let cdfs = ReferenceCDF.parse(run.problem.references)
    for exact in ExactMarginalSampler.parse(run.problem.references) {
      guard let k = names.firstIndex(of: exact.statistic) else { continue }
      let draws = exact.draw(chains, &rng)
      let (mean, error) = Self.meanAndError(draws)
      try run.result("exact_\(exact.statistic)_mean", mean)
      try run.result("exact_\(exact.statistic)_stderr", error)
      if references.count == names.count { try run.result("exact_\(exact.statistic)_bias", mean - references[k]) }
      if let cdf = cdfs.first(where: { $0.statistic == exact.statistic }) {
        try run.result("w1_\(exact.statistic)_exact", cdf.wasserstein1(draws))
      }
    }
  }

  /// A batch of distinct term indices by a partial Fisher–Yates shuffle of the reused index array, written to
  /// `sets[offset..<offset + size]`.
  private func drawBatch(
    _ size: Int, _ indices: inout [UInt64], into sets: inout [UInt64], at offset: Int, _ rng: inout CatalogueRandom
  ) {
    for i in 0..<size {
      let j = i + rng.index(below: indices.count - i)
      indices.swapAt(i, j)
      sets[offset + i] = indices[i]
    }
  }

  /// The mean and its standard error sd/√n.
  static func meanAndError(_ values: [Double]) -> (Double, Double) {
    meanAndError(values.count) { values[$0] }
  }

  /// The mean of `count` values and its standard error sd/√n, summed in index order.
  static func meanAndError(_ count: Int, _ value: (Int) -> Double) -> (Double, Double) {
    let n = Double(count)
    var sum = 0.0
    for i in 0..<count { sum += value(i) }
    let mean = sum / n
    guard count > 1 else { return (mean, .nan) }
    var squares = 0.0
    for i in 0..<count { squares += (value(i) - mean) * (value(i) - mean) }
    let variance = squares / (n - 1)
    return (mean, (variance / n).squareRoot())
  }

  /// Final results, the first chain's state as `x`, and the samples.csv / samples_reference.csv artifacts.
  private func finish(
    points: [Double], statistics: [Double], names: [String], references: [Double], row: [Double]
  ) throws {
    let n = problem.dimension
    try run.result("step", stepper.delta)
    try run.result("chains", Double(chains))
    try run.result("x", vector: Array(points[0..<n]))
    if let geometry = problem.geometry {
      var worst = 0.0
      for c in 0..<chains { worst = max(worst, try geometry.manifoldError(Array(points[c * n..<(c + 1) * n]))) }
      try run.result("manifold_error_max", worst)
    }
    guard !names.isEmpty else { return }
    if references.count == names.count {
      let labels = ["estimate", "bias", "stderr", "ergodic_estimate", "ergodic_bias", "ergodic_stderr"]
      for (k, label) in labels.enumerated() { try run.result(label, row[1 + k]) }
      try run.result("abs_bias", abs(row[5]))
      try run.result("abs_bias_in_stderrs", abs(row[5]) / row[6])
      if labels.count + 1 < row.count { try run.result("mode_switch_rate", row[labels.count + 1]) }
    }
    let stride = names.count
    let cdfs = ReferenceCDF.parse(run.problem.references)
    for cdf in cdfs {
      guard let k = names.firstIndex(of: cdf.statistic) else { continue }
      let values = (0..<chains).map { statistics[$0 * stride + k] }
      try run.result("w1_\(cdf.statistic)", cdf.wasserstein1(values))
    }
    guard writtenSamples > 0 else { return }
    var csv = names.joined(separator: ",") + "\n"
    for c in 0..<min(chains, writtenSamples) {
      csv += (0..<stride).map { "\(statistics[c * stride + $0])" }.joined(separator: ",") + "\n"
    }
    try run.writeArtifact("samples.csv", bytes: Array(csv.utf8))
    let densities = cdfs.filter { names.contains($0.statistic) }.map { ($0.statistic, $0.density) }
    guard !densities.isEmpty else { return }
    var reference = densities.map { "\($0.0),\($0.0)_density" }.joined(separator: ",") + "\n"
    let length = densities.map { $0.1.points.count }.max() ?? 0
    for j in 0..<length {
      reference +=
        densities.map { entry in
          j < entry.1.points.count ? "\(entry.1.points[j]),\(entry.1.values[j])" : "nan,nan"
        }.joined(separator: ",") + "\n"
    }
    try run.writeArtifact("samples_reference.csv", bytes: Array(reference.utf8))
  }
}
