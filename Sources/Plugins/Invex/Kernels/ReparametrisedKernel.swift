/// (K3) f = g∘φ with g convex and φ a coordinate-wise diffeomorphism: η(y, x) = Dφ(x)⁻¹(φ(y) − φ(x)) and
/// S_x(v) = φ⁻¹(φ(x) + Dφ(x)v), with the metric G_x = DφᵀDφ (spec §3.2, §4.1, §4.2).
///
/// With the Euclidean gradient the step is u⁺ = u − α·Dφ²∇g(u) in u = φ(x) (preconditioned GD, locally no
/// faster than GD in x); with the metric gradient G_x⁻¹∇f = Dφ⁻¹∇g(u) it is exactly GD on u (spec §4.2).
struct ReparametrisedKernel: InvexKernel {
  let phi: SineReparametrisation

  var name: String { "k3" }

  func step(_ x: [Double], _ v: [Double]) throws -> [Double] {
    var y = x
    for i in y.indices { y[i] = phi.inverse(phi.value(x[i]) + phi.derivative(x[i]) * v[i]) }
    return y
  }

  func eta(_ y: [Double], _ x: [Double]) throws -> [Double] {
    var v = y
    for i in v.indices { v[i] = (phi.value(y[i]) - phi.value(x[i])) / phi.derivative(x[i]) }
    return v
  }

  func metricGradient(_ x: [Double], euclidean g: [Double]) throws -> [Double] {
    var d = g
    for i in d.indices {
      let slope = phi.derivative(x[i])
      d[i] = g[i] / (slope * slope)
    }
    return d
  }

  func metricSquaredNorm(_ x: [Double], _ v: [Double]) throws -> Double {
    var s = 0.0
    for i in v.indices {
      let w = phi.derivative(x[i]) * v[i]
      s += w * w
    }
    return s
  }
}
