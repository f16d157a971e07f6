import CatalogueHost

/// Decides whether a claim holds on an experiment's runs, and says by how much it holds or fails.
///
/// The four checks of `cat_claim_kind`, on per-seed values combined by the claim's aggregate:
/// - range: aggregate(final metric) ∈ [lower, upper];
/// - at most ratio: aggregate(final metric of run) ≤ upper · aggregate(final metric of other run);
/// - log–log slope: aggregate(least-squares slope of log metric against log iteration) ∈ [lower, upper];
/// - reduction: aggregate(final metric / initial metric) ≤ upper.
///
/// A claim never holds by default: a failed run, a missing metric or a non-finite value makes it fail with the
/// reason, so a report cannot pass on runs that did not happen.
public enum ClaimCheck {
  /// `cat_claim_kind`.
  public enum Kind: UInt32, Sendable {
    /// `CAT_CLAIM_RANGE`.
    case range = 1
    /// `CAT_CLAIM_AT_MOST_RATIO`.
    case atMostRatio = 2
    /// `CAT_CLAIM_LOG_LOG_SLOPE`.
    case logLogSlope = 3
    /// `CAT_CLAIM_REDUCTION`.
    case reduction = 4

    /// The name used in `claims.csv` and the docs.
    public var name: String {
      switch self {
      case .range: return "range"
      case .atMostRatio: return "at_most_ratio"
      case .logLogSlope: return "log_log_slope"
      case .reduction: return "reduction"
      }
    }
  }

  /// The verdict on one claim.
  public struct Outcome: Sendable {
    /// The claim.
    public var claim: ExperimentInfo.Claim
    /// True only if the check was made and passed.
    public var holds: Bool
    /// True when the claim was not checked because it is decided by the full version only (`--quick` run).
    public var skipped = false
    /// What was compared with the bound (the aggregate, the ratio or the slope), if it could be computed.
    public var measured: Double?
    /// The check in words, with the bound ("max over seeds of f_gap(final)/f_gap(initial) ≤ 1e-12").
    public var check: String
    /// The measured value in words ("3.2e-19").
    public var measuredText: String
    /// By how much it holds or fails ("fails: 3.2× the allowed ratio"), or why it could not be checked.
    public var margin: String
    /// The per-seed values behind the aggregate, by run group label.
    public var perSeed: [(label: String, seed: UInt64, value: Double)]
  }

  /// The verdict on a full-only claim in a `--quick` reproduction: not checked, and not counted either way.
  public static func skipped(_ claim: ExperimentInfo.Claim) -> Outcome {
    let aggregateName = Aggregate(rawValue: claim.aggregate)?.description ?? "aggregate #\(claim.aggregate)"
    var outcome = Outcome(
      claim: claim, holds: false, measured: nil, check: describe(claim, aggregate: aggregateName), measuredText: "-",
      margin: "skipped: decided by the full version only (run without --quick)", perSeed: [])
    outcome.skipped = true
    return outcome
  }

  /// Checks a claim on the runs of each group (by label). `expected` is the number of runs each group should
  /// have, so runs missing after a failure or an interruption are noticed.
  public static func evaluate(
    _ claim: ExperimentInfo.Claim, runs: [String: [FinishedRun]], expected: [String: Int]
  ) -> Outcome {
    let aggregateName = Aggregate(rawValue: claim.aggregate)?.description ?? "aggregate #\(claim.aggregate)"
    var outcome = Outcome(
      claim: claim, holds: false, measured: nil, check: describe(claim, aggregate: aggregateName), measuredText: "-",
      margin: "", perSeed: [])
    guard let kind = Kind(rawValue: claim.kind) else {
      outcome.margin = "not checked: unknown claim kind \(claim.kind) (a newer plugin than this host?)"
      return outcome
    }
    guard let aggregate = Aggregate(rawValue: claim.aggregate) else {
      outcome.margin = "not checked: unknown aggregate \(claim.aggregate) (a newer plugin than this host?)"
      return outcome
    }
    func values(_ label: String) -> Result<[(UInt64, Double)], Problem> {
      let group = runs[label] ?? []
      if group.isEmpty { return .failure(Problem("no run of \(label) finished")) }
      if let failed = group.first(where: \.isFailure) {
        return .failure(
          Problem("run \(label) seed \(failed.seed) ended \(failed.termination): \(failed.terminationMessage)"))
      }
      if group.count < expected[label, default: 0] {
        return .failure(Problem("only \(group.count) of \(expected[label, default: 0]) runs of \(label) finished"))
      }
      var result: [(UInt64, Double)] = []
      for run in group {
        switch perSeedValue(kind, metric: claim.metric, run: run) {
        case .success(let value): result.append((run.seed, value))
        case .failure(let problem): return .failure(Problem("\(label) seed \(run.seed): \(problem.text)"))
        }
      }
      if let bad = result.first(where: { !$0.1.isFinite }) {
        return .failure(Problem("\(label) seed \(bad.0) gives \(NumberFormat.shortest(bad.1)) for \(claim.metric)"))
      }
      return .success(result)
    }

    let labels = kind == .atMostRatio ? [claim.run, claim.otherRun ?? ""] : [claim.run]
    var aggregates: [Double] = []
    for label in labels {
      switch values(label) {
      case .failure(let problem):
        outcome.margin = "not checked: \(problem.text)"
        return outcome
      case .success(let pairs):
        outcome.perSeed += pairs.map { (label, $0.0, $0.1) }
        aggregates.append(aggregate.apply(SampleStatistics(pairs.map(\.1))))
      }
    }
    let value = aggregates[0]
    switch kind {
    case .range, .logLogSlope:
      outcome.measured = value
      outcome.measuredText = StatisticText.significant(value, digits: 3)
      (outcome.holds, outcome.margin) = inRange(value, lower: claim.lower, upper: claim.upper)
    case .reduction:
      outcome.measured = value
      outcome.measuredText = StatisticText.significant(value, digits: 3)
      (outcome.holds, outcome.margin) = atMost(value, bound: claim.upper, what: "the allowed factor")
    case .atMostRatio:
      let other = aggregates[1]
      let allowed = claim.upper * other
      if other > 0 {
        let ratio = value / other
        outcome.measured = ratio
        outcome.measuredText =
          "\(StatisticText.significant(ratio, digits: 3)) (\(StatisticText.significant(value, digits: 3)) / "
          + "\(StatisticText.significant(other, digits: 3)))"
        (outcome.holds, outcome.margin) = atMost(ratio, bound: claim.upper, what: "the allowed ratio")
      } else {
        outcome.measured = value
        outcome.measuredText =
          "\(StatisticText.significant(value, digits: 3)) against \(StatisticText.significant(allowed, digits: 3))"
        outcome.holds = value <= allowed
        outcome.margin =
          outcome.holds
          ? "holds by \(StatisticText.significant(allowed - value, digits: 2))"
          : "fails by \(StatisticText.significant(value - allowed, digits: 2)) above the allowed value"
      }
    }
    return outcome
  }

  /// Why a value could not be computed.
  struct Problem: Error {
    var text: String
    init(_ text: String) { self.text = text }
  }

  /// One run's value for a claim: the final metric, the log–log slope, or final / initial.
  static func perSeedValue(_ kind: Kind, metric: String, run: FinishedRun) -> Result<Double, Problem> {
    switch kind {
    case .range, .atMostRatio:
      guard let value = run.finalValue(metric) else {
        return .failure(
          Problem("no trace column or result '\(metric)' (has: \(run.metricNames.joined(separator: ", ")))"))
      }
      return .success(value)
    case .logLogSlope:
      guard let column = run.trace.column(metric), let iterations = run.trace.column("iter") else {
        return .failure(Problem("no trace column '\(metric)' to fit a slope to"))
      }
      guard let line = LeastSquaresLine.logLog(iterations: iterations, values: column) else {
        return .failure(Problem("fewer than two rows with iteration ≥ 1 and a positive \(metric)"))
      }
      return .success(line.slope)
    case .reduction:
      guard let column = run.trace.column(metric), let first = column.first, let last = column.last else {
        return .failure(Problem("no trace column '\(metric)' to measure a reduction on"))
      }
      guard first != 0 && first.isFinite else {
        return .failure(Problem("the initial \(metric) is \(NumberFormat.shortest(first)), so no ratio exists"))
      }
      return .success(last / first)
    }
  }

  /// The check in words.
  static func describe(_ claim: ExperimentInfo.Claim, aggregate: String) -> String {
    let over = "\(aggregate) over seeds of"
    let metric = "`\(claim.metric)`"
    let bound = NumberFormat.compact(claim.upper)
    switch Kind(rawValue: claim.kind) {
    case .range:
      return "\(over) final \(metric) of \(claim.run) \(interval(claim.lower, claim.upper))"
    case .atMostRatio:
      return "\(over) final \(metric): \(claim.run) ≤ \(bound) × \(claim.otherRun ?? "?")"
    case .logLogSlope:
      return "\(over) slope of log \(metric) against log iteration (\(claim.run)) "
        + interval(claim.lower, claim.upper)
    case .reduction:
      return "\(over) \(metric) final / initial (\(claim.run)) ≤ \(bound)"
    case nil:
      return "kind \(claim.kind) on \(metric) of \(claim.run)"
    }
  }

  /// "∈ [a, b]", "≤ b" or "≥ a".
  static func interval(_ lower: Double, _ upper: Double) -> String {
    let low = NumberFormat.compact(lower)
    let high = NumberFormat.compact(upper)
    if lower == -.infinity && upper == .infinity { return "(any value)" }
    if lower == -.infinity { return "≤ \(high)" }
    if upper == .infinity { return "≥ \(low)" }
    return "∈ [\(low), \(high)]"
  }

  /// Whether a value lies in [lower, upper], and its distance to each finite bound (or beyond the one it misses).
  static func inRange(_ value: Double, lower: Double, upper: Double) -> (Bool, String) {
    guard !value.isNaN else { return (false, "not checked: the value is nan") }
    if value > upper {
      return (false, "fails: above the upper bound \(NumberFormat.compact(upper)) \(beyond(value, upper))")
    }
    if value < lower {
      return (false, "fails: below the lower bound \(NumberFormat.compact(lower)) \(beyond(lower, value))")
    }
    let toUpper = upper - value
    let toLower = value - lower
    var parts: [String] = []
    if toLower.isFinite {
      parts.append(
        "\(StatisticText.significant(toLower, digits: 2)) above the lower bound \(NumberFormat.compact(lower))")
    }
    if toUpper.isFinite {
      parts.append(
        "\(StatisticText.significant(toUpper, digits: 2)) below the upper bound \(NumberFormat.compact(upper))")
    }
    return (true, parts.isEmpty ? "holds" : "holds, " + parts.joined(separator: " and "))
  }

  /// Whether value ≤ bound, with the factor between them when both are positive.
  static func atMost(_ value: Double, bound: Double, what: String) -> (Bool, String) {
    guard !value.isNaN else { return (false, "not checked: the value is nan") }
    let factor = value > 0 && bound > 0
    if value <= bound {
      if factor { return (true, "holds, \(StatisticText.significant(bound / value, digits: 2))× below \(what)") }
      return (true, "holds, \(StatisticText.significant(bound - value, digits: 2)) below \(what)")
    }
    if factor { return (false, "fails: \(StatisticText.significant(value / bound, digits: 3))× \(what)") }
    return (false, "fails: \(StatisticText.significant(value - bound, digits: 3)) above \(what)")
  }

  /// "by 0.38" or "by 2.3e-3, a factor 1.8" for how far `high` exceeds `low`.
  static func beyond(_ high: Double, _ low: Double) -> String {
    var text = "by \(StatisticText.significant(high - low, digits: 3))"
    if high > 0 && low > 0 { text += ", a factor \(StatisticText.significant(high / low, digits: 3))" }
    return text
  }
}
