/// Spearman's rank correlation ρ: the Pearson correlation of the ranks, ties given their average rank.
///
/// The smoothness-versus-gradient-norm claim is about a monotone trend on a log–log plot, so a rank statistic is
/// the natural test: it is invariant under the logarithm and insensitive to the few extreme early steps.
public enum RankCorrelation {
  /// ρ of the pairs (x_i, y_i); nil for fewer than 3 pairs or when a variable is constant.
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "spearman needs pairs")
    guard x.count >= 3 else { return nil }
    let rx = ranks(x)
    let ry = ranks(y)
    let mean = Double(x.count + 1) / 2
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in rx.indices {
      sxy += (rx[i] - mean) * (ry[i] - mean)
      sxx += (rx[i] - mean) * (rx[i] - mean)
      syy += (ry[i] - mean) * (ry[i] - mean)
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Ranks 1…count, ties averaged.
  public static func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var result = [Double](repeating: 0, count: x.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count && x[order[end + 1]] == x[order[start]] { end += 1 }
      let rank = Double(start + end) / 2 + 1
      for k in start...end { result[order[k]] = rank }
      start = end + 1
    }
    return result
  }
}
