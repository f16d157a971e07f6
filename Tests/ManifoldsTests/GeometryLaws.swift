import CatalogueSDK
import Manifolds
import SeededRandom
import XCTest

/// A manifold under test, with what the generic laws need to know about it.
struct LawCase {
  /// The manifold.
  let geometry: any Geometry
  /// e(t) = ‖R_x(tv) − Exp_x(tv)‖ is O(t^q): q = 2 for a first-order retraction, 3 for a second-order one, nil when
  /// the retraction is the exponential map itself (spec §3, test 8).
  let retractionAgreement: Int?
  /// Whether transport is parallel transport (an isometry mapping Log_x(y) to −Log_y(x)).
  let parallelTransport: Bool

  var name: String { geometry.name }
}

/// The unit tests every manifold must pass (spec §3), written once and applied to each manifold.
///
/// Each law draws its random points and vectors from the catalogue's own generator with a fixed seed, so a failure
/// reproduces exactly.
struct GeometryLaws {
  let c: LawCase
  var g: any Geometry { c.geometry }
  var file: StaticString = #filePath
  var line: UInt = #line

  func fail(_ message: String) { XCTFail("\(c.name): \(message)", file: file, line: line) }

  /// Asserts a ≤ b with the manifold's name in the message.
  func expect(_ a: Double, lessOrEqual b: Double, _ what: String) {
    if !(a <= b) { fail("\(what): \(a) > \(b)") }
  }

  /// A tangent vector at x with Riemannian norm `length` (a scaled tangent Gaussian).
  func tangent(_ x: [Double], length: Double, _ rng: inout CatalogueRandom) throws -> [Double] {
    let xi = try g.tangentGaussian(x, &rng)
    let s = length / (try g.norm(x, xi))
    return xi.map { s * $0 }
  }

  func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }

  func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

  /// ‖d‖ₓ of a small difference of tangent vectors: projected first, and the metric's round-off sign ignored (an
  /// indefinite ambient form such as Minkowski's can make a 1e-17 residual negative).
  func residualNorm(_ x: [Double], _ d: [Double]) throws -> Double {
    let p = try g.project(x, d)
    return abs(try g.inner(x, p, p)).squareRoot()
  }

  /// Law 1: after 10⁴ steps of exp (and separately of the retraction) the point is on the manifold to 1e-10.
  /// Steps are tangent Gaussians of norm 0.01: long enough to accumulate round-off, short enough that hyperbolic
  /// random walks (which drift outwards) stay where double precision can represent the hyperboloid to 1e-10.
  func staysOnManifold(steps: Int = 10_000) throws {
    var rng = CatalogueRandom(seed: 1)
    for useExp in [false, true] where !useExp || g.hasExp {
      var x = try g.randomPoint(&rng)
      var worst = 0.0
      for _ in 0..<steps {
        let v = try tangent(x, length: 0.01, &rng)
        x = useExp ? try g.exp(x, v) : try g.retract(x, v)
        worst = max(worst, try g.manifoldError(x))
      }
      expect(worst, lessOrEqual: 1e-10, "manifold error over \(steps) \(useExp ? "exp" : "retraction") steps")
    }
  }

  /// Laws 2–3: tangent Gaussians are tangent, E‖ξ‖²ₓ = dim and Var‖ξ‖²ₓ = 2·dim (a χ²_dim law), each within five
  /// standard errors of the Monte Carlo estimate.
  func tangentGaussianIsStandard(draws: Int = 20_000) throws {
    var rng = CatalogueRandom(seed: 2)
    let x = try g.randomPoint(&rng)
    var sum = 0.0
    var sumSquares = 0.0
    var worstTangent = 0.0
    for _ in 0..<draws {
      let xi = try g.tangentGaussian(x, &rng)
      worstTangent = max(worstTangent, try g.tangentError(x, xi) / max(1, maxAbs(xi)))
      let s = try g.inner(x, xi, xi)
      sum += s
      sumSquares += s * s
    }
    let k = Double(g.dimension)
    let n = Double(draws)
    let mean = sum / n
    let variance = (sumSquares - n * mean * mean) / (n - 1)
    expect(worstTangent, lessOrEqual: 1e-12, "tangent Gaussian tangency")
    expect(abs(mean - k), lessOrEqual: 5 * (2 * k / n).squareRoot(), "E‖ξ‖² = \(mean) vs dim \(k)")
    // Var of the sample variance of χ²_k: (μ₄ − σ⁴)/n = (8k² + 48k)/n.
    expect(
      abs(variance - 2 * k), lessOrEqual: 5 * ((8 * k * k + 48 * k) / n).squareRoot(),
      "Var‖ξ‖² = \(variance) vs 2·dim \(2 * k)")
  }

  /// Law 4: d(x, Expₓ(v)) = ‖v‖ₓ (inside the injectivity radius).
  func distanceAlongExp() throws {
    guard g.hasExp && g.hasDistance else { return }
    var rng = CatalogueRandom(seed: 3)
    for length in [1e-6, 1e-3, 0.1, 0.9] {
      let x = try g.randomPoint(&rng)
      let v = try tangent(x, length: length, &rng)
      let d = try g.distance(x, try g.exp(x, v))
      expect(abs(d - length), lessOrEqual: 1e-10 * max(length, 1e-3), "d(x, Exp v) vs ‖v‖ = \(length)")
    }
  }

  /// Law 5: Logₓ(Expₓ(v)) = v and Expₓ(Logₓ(y)) = y; Logₓ(x) = 0.
  func expAndLogInvert() throws {
    guard g.hasExp && g.hasLog else { return }
    var rng = CatalogueRandom(seed: 4)
    for length in [1e-4, 0.3, 1.2] {
      let x = try g.randomPoint(&rng)
      let v = try tangent(x, length: length, &rng)
      let back = try g.log(x, try g.exp(x, v))
      let diff = zip(back, v).map { $0 - $1 }
      expect(try residualNorm(x, diff), lessOrEqual: 1e-9 * length, "‖Log(Exp v) − v‖ for ‖v‖ = \(length)")
      let y = try g.randomPoint(&rng)
      let again = try g.exp(x, try g.log(x, y))
      expect(maxAbsDifference(again, y), lessOrEqual: 1e-9 * max(1, maxAbs(y)), "Exp(Log y) − y")
      expect(maxAbs(try g.log(x, x)), lessOrEqual: 1e-14, "Log_x(x)")
    }
  }

  /// Law 6: ⟨rgrad f(x), v⟩ₓ = [f(Rₓ(tv)) − f(Rₓ(−tv))]/(2t) + O(t²) for a smooth ambient f.
  func gradientMatchesFiniteDifferences() throws {
    var rng = CatalogueRandom(seed: 5)
    let m = g.pointSize
    // f(x) = ½ xᵀAx + Σ sin(cᵢxᵢ) with A symmetric: ∇f = Ax + c ∘ cos(c ∘ x).
    var a = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for j in 0...i {
        let z = rng.normal()
        a[i + j * m] = z
        a[j + i * m] = z
      }
    }
    let coefficients = (0..<m).map { _ in rng.normal() }
    func f(_ x: [Double]) -> Double {
      var s = 0.0
      for i in 0..<m {
        var ax = 0.0
        for j in 0..<m { ax += a[i + j * m] * x[j] }
        s += 0.5 * x[i] * ax + sin(coefficients[i] * x[i])
      }
      return s
    }
    func egrad(_ x: [Double]) -> [Double] {
      (0..<m).map { i in
        var ax = 0.0
        for j in 0..<m { ax += a[i + j * m] * x[j] }
        return ax + coefficients[i] * cos(coefficients[i] * x[i])
      }
    }
    for _ in 0..<3 {
      let x = try g.randomPoint(&rng)
      let v = try tangent(x, length: 1, &rng)
      let rgrad = try g.riemannianGradient(x, euclidean: egrad(x))
      expect(try g.tangentError(x, rgrad), lessOrEqual: 1e-10 * max(1, maxAbs(rgrad)), "rgrad is tangent")
      let predicted = try g.inner(x, rgrad, v)
      let t = 1e-5
      let fd = (f(try g.retract(x, v.map { t * $0 })) - f(try g.retract(x, v.map { -t * $0 }))) / (2 * t)
      expect(abs(predicted - fd), lessOrEqual: 1e-6 * max(1, abs(fd)), "⟨rgrad, v⟩ = \(predicted) vs FD \(fd)")
    }
  }

  /// Law 7: transport lands in T_y; parallel transport is an isometry and maps Logₓ(y) to −Log_y(x).
  func transportLaws() throws {
    var rng = CatalogueRandom(seed: 6)
    for _ in 0..<3 {
      let x = try g.randomPoint(&rng)
      let y = g.hasExp ? try g.exp(x, try tangent(x, length: 0.8, &rng)) : try g.randomPoint(&rng)
      let u = try g.tangentGaussian(x, &rng)
      let w = try g.tangentGaussian(x, &rng)
      let tu = try g.transport(from: x, to: y, u)
      let tw = try g.transport(from: x, to: y, w)
      expect(try g.tangentError(y, tu), lessOrEqual: 1e-10 * max(1, maxAbs(tu)), "transport is tangent at y")
      guard c.parallelTransport else { continue }
      let before = try g.inner(x, u, w)
      let after = try g.inner(y, tu, tw)
      let scale = max(1, try g.norm(x, u) * g.norm(x, w))
      expect(abs(before - after), lessOrEqual: 1e-10 * scale, "⟨Γu, Γw⟩ = \(after) vs ⟨u, w⟩ = \(before)")
      if g.hasLog {
        let forward = try g.transport(from: x, to: y, try g.log(x, y))
        let backward = try g.log(y, x)
        let gap = zip(forward, backward).map { $0 + $1 }
        expect(try residualNorm(y, gap), lessOrEqual: 1e-10, "Γ(Log_x y) + Log_y x")
      }
    }
  }

  /// Law 8: ‖Rₓ(tv) − Expₓ(tv)‖ = O(t^q): the observed rate between t and t/2 is at least q − 0.3.
  func retractionAgreesWithExp() throws {
    guard g.hasExp else { return }
    var rng = CatalogueRandom(seed: 7)
    let x = try g.randomPoint(&rng)
    let v = try tangent(x, length: 1, &rng)
    func gap(_ t: Double) throws -> Double {
      let tv = v.map { t * $0 }
      return maxAbsDifference(try g.retract(x, tv), try g.exp(x, tv))
    }
    guard let q = c.retractionAgreement else {
      expect(try gap(0.5), lessOrEqual: 1e-14 * max(1, maxAbs(x)), "retraction equals exp")
      return
    }
    let (big, small) = (try gap(0.02), try gap(0.01))
    let rate = log2(big / small)
    if !(rate >= Double(q) - 0.3) {
      fail("retraction–exp gap shrinks at rate \(rate), expected \(q) (\(big), \(small))")
    }
  }
}
