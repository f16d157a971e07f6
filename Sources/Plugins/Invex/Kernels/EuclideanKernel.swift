/// (K1) η(y, x) = y − x, S_x(v) = x + v, G_x = I: the convex case, where invex gradient descent is plain
/// gradient descent (spec §3.2, §4.1).
struct EuclideanKernel: InvexKernel {
  var name: String { "k1" }

  func step(_ x: [Double], _ v: [Double]) throws -> [Double] {
    var y = x
    for i in y.indices { y[i] += v[i] }
    return y
  }

  func eta(_ y: [Double], _ x: [Double]) throws -> [Double] {
    var v = y
    for i in v.indices { v[i] -= x[i] }
    return v
  }

  func metricGradient(_ x: [Double], euclidean g: [Double]) throws -> [Double] { g }

  func metricSquaredNorm(_ x: [Double], _ v: [Double]) throws -> Double {
    var s = 0.0
    for value in v { s += value * value }
    return s
  }
}
