import CatalogueSDK
import Glibc
import LinearAlgebra

/// The deep scalar chain (spec §4.2): f(w) = ½(∏ⱼ wⱼ − 1)², a depth-L linear network with one example.
///
/// X* = {∏w = 1}; on it tr̄ = (1/L) Σⱼ 1/wⱼ², minimised (= 1) at |wⱼ| = 1. The start is unbalanced,
/// (s, …, s, [1,] 1/s, …, 1/s), on X* with a trace that grows slowly with L, so the depth can be varied to test
/// that SA's advantage over RS grows with the dimension. Gradient flow conserves wⱼ² − wₖ², which gives Φ in
/// closed form up to one monotone scalar equation.
struct ScalarChain: OutputModel {
  let start: [Double]

  var dimension: Int { start.count }
  var sampleCount: Int { 1 }
  var targets: [Double] { [1] }

  /// The balanced-pairs start: ⌊L/2⌋ weights s, a 1 in the middle when L is odd, ⌊L/2⌋ weights 1/s.
  static func start(depth: Int, imbalance s: Double) -> [Double] {
    let half = depth / 2
    return [Double](repeating: s, count: half) + (depth % 2 == 1 ? [1] : [])
      + [Double](repeating: 1 / s, count: half)
  }

  func outputs(_ x: [Double], samples: [Int]) -> [Double] {
    let p = x.reduce(1, *)
    return samples.map { _ in p }
  }

  /// ∂p/∂wⱼ = ∏_{k≠j} wₖ, from prefix and suffix products (no division, so exact zeros are fine).
  static func leaveOneOutProducts(_ x: [Double]) -> [Double] {
    let n = x.count
    var out = [Double](repeating: 1, count: n)
    var prefix = 1.0
    for j in 0..<n {
      out[j] = prefix
      prefix *= x[j]
    }
    var suffix = 1.0
    for j in stride(from: n - 1, through: 0, by: -1) {
      out[j] *= suffix
      suffix *= x[j]
    }
    return out
  }

  func pullback(_ x: [Double], samples: [Int], weights: [Double]) -> [Double] {
    ArrayMath.scale(weights.reduce(0, +), Self.leaveOneOutProducts(x))
  }

  /// p is multilinear: ∂²p/∂wⱼ² = 0.
  func outputHessianTraces(_ x: [Double]) -> [Double] { [0] }

  /// (∇²p v)ⱼ = Σ_{k≠j} vₖ ∏_{l≠j,k} w_l: the leave-one-out products of w with wⱼ removed, against v.
  func outputHessianVector(_ x: [Double], sample: Int, _ v: [Double]) -> [Double] {
    (0..<dimension).map { j in
      var others = x
      others.remove(at: j)
      var vOthers = v
      vOthers.remove(at: j)
      return ArrayMath.dot(Self.leaveOneOutProducts(others), vOthers)
    }
  }

  /// Every wⱼ² moves by the same c(t) under the flow, so Φ has wⱼ*² = wⱼ² + c with Σⱼ log(wⱼ² + c) = 0.
  ///
  /// Signs: kept when ∏ sign(wⱼ) > 0. Otherwise ∏w increases to 0 and the smallest |wₖ| passes through zero
  /// first, so it takes the sign that makes the product positive; if several share the smallest modulus they
  /// reach zero together and the flow ends at that saddle (c = −min wⱼ²).
  func flowLimit(_ x: [Double]) -> [Double]? {
    let squares = x.map { $0 * $0 }
    let smallest = squares.min() ?? 0
    let negatives = x.filter { $0 < 0 }.count
    let zeros = x.filter { $0 == 0 }.count
    var signs = x.map { $0 < 0 ? -1.0 : 1.0 }
    if zeros > 0 || negatives % 2 == 1 {
      let minimisers = x.indices.filter { squares[$0] == smallest }
      if minimisers.count > 1 { return x.map { ($0 < 0 ? -1 : 1) * max($0 * $0 - smallest, 0).squareRoot() } }
      let k = minimisers[0]
      signs[k] = 1
      signs[k] = signs.reduce(1, *)
    }
    let c = Self.shiftSolvingProduct(squares)
    return x.indices.map { signs[$0] * (squares[$0] + c).squareRoot() }
  }

  /// The root c > −min(s) of Σ log(sⱼ + c) = 0 (increasing in c): bracketed, then safeguarded Newton.
  static func shiftSolvingProduct(_ s: [Double]) -> Double {
    let floor = -(s.min() ?? 0)
    func h(_ c: Double) -> Double { s.reduce(0) { $0 + log($1 + c) } }
    var lo = floor
    var hi = max(1.0, floor + 1)
    while h(hi) < 0 { hi = floor + 2 * (hi - floor) }
    var c = 0.5 * (lo + hi)
    for _ in 0..<200 {
      let value = h(c)
      if value == 0 { return c }
      if value < 0 { lo = c } else { hi = c }
      let step = value / s.reduce(0) { $0 + 1 / ($1 + c) }
      if c - step > lo && c - step < hi {
        c -= step
        if abs(step) <= 1e-15 * max(1, abs(c)) { break }
      } else {
        c = 0.5 * (lo + hi)
      }
      if hi - lo <= 1e-16 * max(1, abs(c)) { break }
    }
    return c
  }

  /// Distance to the nearest flat minimum {|wⱼ| = 1, ∏ sign = +1}: round each |wⱼ| to 1 keeping signs; with an odd
  /// number of negatives, flip the coordinate that costs least, the one of smallest modulus.
  static func distanceToFlat(_ x: [Double]) -> Double {
    var squared = x.reduce(0) { $0 + (abs($1) - 1) * (abs($1) - 1) }
    if x.filter({ $0 < 0 }).count % 2 == 1 {
      let m = x.map(abs).min() ?? 0
      squared += (m + 1) * (m + 1) - (m - 1) * (m - 1)
    }
    return squared.squareRoot()
  }

  static let family = ProblemFamily(
    id: "scalar-chain",
    name: "Deep scalar chain",
    summary: "f(w) = ½(∏wⱼ − 1)² of depth L from an unbalanced minimum; flat minima have |wⱼ| = 1",
    kind: .objective,
    parameters: [
      .int("depth", default: 3, in: 2...1000, help: "depth L (= dimension)"),
      .real("imbalance", default: 2, above: 0, help: "s in the start (s, …, s, [1,] 1/s, …, 1/s), on X*"),
    ] + FlatnessOptions.parameters(defaultFlow: .exact, choices: FlatnessOptions.FlowLimit.allCases)
  ) { params, rng in
    let model = ScalarChain(start: start(depth: try params.int("depth"), imbalance: try params.real("imbalance")))
    let loss = SquaredLoss(model: model, name: "scalar-chain")
    return try FlatnessMetrics.instance(
      loss, options: try FlatnessOptions(params), rng: &rng, extraNames: ["dist_min_set", "dist_flat"]
    ) { x, xStar in
      let nearest = try MinimumSetGeometry.nearestPoint(model, to: x, from: xStar)
      return [ArrayMath.distance(x, nearest), distanceToFlat(x)]
    }
  }
}
