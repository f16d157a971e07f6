import CCatalogue
import SeededRandom

/// Wraps a `cat_problem` from any plugin (Swift, C or Rust) into a ``ProblemInstance`` an algorithm can use.
///
/// This is what makes the catalogue a catalogue: an algorithm written against the Swift protocols runs on a
/// problem another plugin declared, through the host's counting trampolines.
enum ForeignProblem {
  static func wrap(_ problem: UnsafePointer<cat_problem>, host: HostServices) throws -> ProblemInstance {
    let p = problem.pointee
    let ctx = p.ctx
    let oracles: ProblemInstance.Oracles
    switch ProblemKind(rawValue: p.kind) {
    case .objective:
      guard let t = p.objective else { throw missing("objective") }
      oracles = .objective(ForeignObjective(table: t, ctx: ctx, host: host))
    case .bilevel:
      guard let t = p.bilevel else { throw missing("bilevel") }
      oracles = .bilevel(ForeignBilevel(table: t, ctx: ctx, host: host))
    case .sampling:
      guard let t = p.sampling else { throw missing("sampling") }
      oracles = .sampling(ForeignSampling(table: t, ctx: ctx, host: host))
    case .regressionTasks:
      guard let t = p.regression else { throw missing("regression") }
      oracles = .regressionTasks(ForeignRegression(table: t, ctx: ctx, host: host))
    case .graphs:
      guard let t = p.graphs else { throw missing("graphs") }
      oracles = .graphs(ForeignGraphs(table: t, ctx: ctx, host: host))
    case nil:
      throw PluginError(.invalidArgument, "problem has unknown kind \(p.kind)")
    }
    var references: [(name: String, value: Double)] = []
    for i in 0..<Int(p.reference_count) {
      guard let name = p.reference_names?[i], let values = p.reference_values else { continue }
      references.append((String(cString: name), values[i]))
    }
    var metricNames: [String] = []
    var metrics: (@Sendable ([Double]) throws -> [Double])?
    if let evaluate = p.metrics, p.metric_count > 0 {
      metricNames = (0..<Int(p.metric_count)).map { i in p.metric_names?[i].map { String(cString: $0) } ?? "m\(i)" }
      let count = metricNames.count
      let box = UncheckedPointer(ctx)
      metrics = { x in
        let (values, status) = Bridge.output(count) { evaluate(box.pointer, x, $0) }
        try host.check(status, "metrics")
        return values
      }
    }
    return ProblemInstance(oracles, references: references, metricNames: metricNames, metrics: metrics)
  }

  private static func missing(_ table: String) -> PluginError {
    PluginError(.invalidArgument, "problem declares kind \(table) but has no \(table) oracle table")
  }
}

/// A raw context pointer that may cross into a `@Sendable` closure (the host runs one thread per run).
struct UncheckedPointer: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer?
  init(_ pointer: UnsafeMutableRawPointer?) { self.pointer = pointer }
}

/// A foreign `cat_objective_oracles` table as an ``ObjectiveFunction``.
struct ForeignObjective: ObjectiveFunction, @unchecked Sendable {
  let table: UnsafePointer<cat_objective_oracles>
  let ctx: UnsafeMutableRawPointer?
  let host: HostServices
  let geometry: (any Geometry)?

  init(table: UnsafePointer<cat_objective_oracles>, ctx: UnsafeMutableRawPointer?, host: HostServices) {
    self.table = table
    self.ctx = ctx
    self.host = host
    self.geometry = table.pointee.geometry.map { ForeignGeometry($0, host: host) }
  }

  var dimension: Int { Int(table.pointee.dim) }
  var sampleCount: Int { Int(table.pointee.sample_count) }
  var hasHessianVector: Bool { table.pointee.hessian_vector != nil }
  var hasProjection: Bool { table.pointee.project != nil }

  func initialPoint() throws -> [Double] {
    let (x, status) = Bridge.output(dimension) { table.pointee.initial_point(ctx, $0) }
    try host.check(status, "initial_point")
    return x
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    var f = 0.0
    try host.check(Bridge.withSamples(samples) { table.pointee.value(ctx, x, $0, $1, &f) }, "value")
    return f
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    var f = 0.0
    let (g, status) = Bridge.output(dimension) { out in
      Bridge.withSamples(samples) { table.pointee.gradient(ctx, x, $0, $1, &f, out) }
    }
    try host.check(status, "gradient")
    return (f, g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    guard let hv = table.pointee.hessian_vector else {
      throw PluginError(.unsupported, "this problem has no Hessian-vector oracle")
    }
    let (out, status) = Bridge.output(dimension) { hv(ctx, x, v, $0) }
    try host.check(status, "hessian_vector")
    return out
  }

  func project(_ x: [Double]) throws -> [Double] {
    guard let project = table.pointee.project else {
      throw PluginError(.unsupported, "this problem has no projection (it is unconstrained)")
    }
    var y = x
    try host.check(y.withUnsafeMutableBufferPointer { project(ctx, $0.baseAddress) }, "project")
    return y
  }
}

/// A foreign `cat_bilevel_oracles` table as a ``BilevelProblem``.
///
/// The dense Hessian (ABI 1.2) is read only from a table whose `struct_size` covers it: one built against 1.0 or
/// 1.1 has none, whatever the word after its last field holds, and its callers assemble the matrix from products.
struct ForeignBilevel: BilevelProblem, @unchecked Sendable {
  let table: UnsafePointer<cat_bilevel_oracles>
  let ctx: UnsafeMutableRawPointer?
  let host: HostServices
  let geometryX: (any Geometry)?
  let geometryY: (any Geometry)?
  /// The C type of `lower_hessian_yy_matrix`.
  private typealias DenseHessian =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?
    ) -> cat_status
  /// `lower_hessian_yy_matrix` when the table declares ABI 1.2's size, else nil.
  private let hessianMatrix: DenseHessian?

  init(table: UnsafePointer<cat_bilevel_oracles>, ctx: UnsafeMutableRawPointer?, host: HostServices) {
    self.table = table
    self.ctx = ctx
    self.host = host
    geometryX = table.pointee.geometry_x.map { ForeignGeometry($0, host: host) }
    geometryY = table.pointee.geometry_y.map { ForeignGeometry($0, host: host) }
    // Copied at its own struct_size, so a 1.0/1.1 table's field reads as absent.
    let copy = Bridge.copyTable(table)
    hessianMatrix = copy.struct_size >= CAT_BILEVEL_ORACLES_SIZE_1_2 ? copy.lower_hessian_yy_matrix : nil
  }

  var dimensionX: Int { Int(table.pointee.dim_x) }
  var dimensionY: Int { Int(table.pointee.dim_y) }
  var upperSampleCount: Int { Int(table.pointee.upper_sample_count) }
  var lowerSampleCount: Int { Int(table.pointee.lower_sample_count) }
  var constraintForm: ConstraintForm { ConstraintForm(rawValue: table.pointee.constraint_form) ?? .none }
  var constraintCount: Int { Int(table.pointee.constraint_count) }
  var hasLowerSolution: Bool { table.pointee.lower_solution != nil }
  var hasLowerHessian: Bool { table.pointee.lower_hessian_yy != nil && table.pointee.lower_hessian_xy != nil }
  var hasLowerHessianMatrix: Bool { hessianMatrix != nil }

  func initialPoint() throws -> (x: [Double], y: [Double]) {
    var y = [Double](repeating: 0, count: dimensionY)
    let (x, status) = Bridge.output(dimensionX) { x in
      y.withUnsafeMutableBufferPointer { table.pointee.initial_point(ctx, x, $0.baseAddress) }
    }
    try host.check(status, "initial_point")
    return (x, y)
  }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    var f = 0.0
    try host.check(Bridge.withSamples(samples) { table.pointee.upper_value(ctx, x, y, $0, $1, &f) }, "upper_value")
    return f
  }

  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try partials(table.pointee.upper_gradient, x, y, samples, "upper_gradient")
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    var g = 0.0
    try host.check(Bridge.withSamples(samples) { table.pointee.lower_value(ctx, x, y, $0, $1, &g) }, "lower_value")
    return g
  }

  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try partials(table.pointee.lower_gradient, x, y, samples, "lower_gradient")
  }

  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    try partials(table.pointee.upper_gradient, x, y, samples, "upper_gradient", parts: parts)
  }

  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?, parts: GradientParts) throws -> (
    x: [Double], y: [Double]
  ) {
    try partials(table.pointee.lower_gradient, x, y, samples, "lower_gradient", parts: parts)
  }

  private typealias PartialGradient =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<UInt64>?, UInt64,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?
    ) -> cat_status

  /// Calls a gradient entry with a NULL output for each part not in `parts` (returned empty).
  private func partials(
    _ f: PartialGradient?, _ x: [Double], _ y: [Double], _ samples: [Int]?, _ name: String,
    parts: GradientParts = .both
  ) throws -> (x: [Double], y: [Double]) {
    guard let f else { throw PluginError(.unsupported, "bilevel problem has no \(name)") }
    var gy = [Double](repeating: 0, count: parts.contains(.y) ? dimensionY : 0)
    let (gx, status) = Bridge.output(parts.contains(.x) ? dimensionX : 0) { gx in
      gy.withUnsafeMutableBufferPointer { gyBuffer in
        Bridge.withSamples(samples) {
          f(ctx, x, y, $0, $1, parts.contains(.x) ? gx : nil, parts.contains(.y) ? gyBuffer.baseAddress : nil)
        }
      }
    }
    try host.check(status, name)
    return (gx, gy)
  }

  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    guard let c = table.pointee.constraints else {
      throw PluginError(.unsupported, "this bilevel problem has no lower-level constraints")
    }
    let m = constraintCount
    var jy = [Double](repeating: 0, count: m * dimensionY)
    var jx = [Double](repeating: 0, count: m * dimensionX)
    let (h, status) = Bridge.output(m) { h in
      jy.withUnsafeMutableBufferPointer { jyb in
        jx.withUnsafeMutableBufferPointer { jxb in c(ctx, x, y, h, jyb.baseAddress, jxb.baseAddress) }
      }
    }
    try host.check(status, "constraints")
    return (h, jy, jx)
  }

  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    guard let solve = table.pointee.lower_solution else {
      throw PluginError(.unsupported, "this bilevel problem has no exact lower-level solution")
    }
    var multipliers = [Double](repeating: 0, count: Swift.max(constraintCount, 1))
    let (y, status) = Bridge.output(dimensionY) { y in
      multipliers.withUnsafeMutableBufferPointer { solve(ctx, x, y, $0.baseAddress) }
    }
    try host.check(status, "lower_solution")
    return (y, Array(multipliers.prefix(constraintCount)))
  }

  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    guard let h = table.pointee.lower_hessian_yy else {
      throw PluginError(.unsupported, "this bilevel problem has no lower-level Hessian oracle")
    }
    let (out, status) = Bridge.output(dimensionY) { h(ctx, x, y, v, $0) }
    try host.check(status, "lower_hessian_yy")
    return out
  }

  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    guard let h = table.pointee.lower_hessian_xy else {
      throw PluginError(.unsupported, "this bilevel problem has no lower-level Hessian oracle")
    }
    let (out, status) = Bridge.output(dimensionX) { h(ctx, x, y, v, $0) }
    try host.check(status, "lower_hessian_xy")
    return out
  }

  func lowerHessianYYMatrix(_ x: [Double], _ y: [Double], into out: UnsafeMutableBufferPointer<Double>) throws {
    guard let hessianMatrix else {
      throw PluginError(
        .unsupported, "this bilevel problem has no dense lower-level Hessian; assemble it from lowerHessianYY products")
    }
    precondition(out.count == dimensionY * dimensionY, "lowerHessianYYMatrix: out must hold dim_y² doubles")
    try host.check(hessianMatrix(ctx, x, y, out.baseAddress), "lower_hessian_yy_matrix")
  }
}

/// A foreign `cat_sampling_oracles` table as a ``SamplingProblem``.
///
/// The table is copied at its own `struct_size`: one built against ABI 1.0 has no batched oracles, and the batch
/// methods then loop over the per-point entries (through the host's counting trampolines, so counts agree).
struct ForeignSampling: SamplingProblem, @unchecked Sendable {
  let table: cat_sampling_oracles
  let ctx: UnsafeMutableRawPointer?
  let host: HostServices
  let geometry: (any Geometry)?

  init(table: UnsafePointer<cat_sampling_oracles>, ctx: UnsafeMutableRawPointer?, host: HostServices) {
    var copy = Bridge.copyTable(table)
    if copy.struct_size < CAT_SAMPLING_ORACLES_SIZE_1_1 {
      // A 1.0 table: its reserved words are not batched oracles, whatever they hold.
      copy.potential_batch = nil
      copy.potential_gradient_batch = nil
      copy.statistics_batch = nil
    }
    self.table = copy
    self.ctx = ctx
    self.host = host
    geometry = copy.geometry.map { ForeignGeometry($0, host: host) }
  }

  var dimension: Int { Int(table.dim) }
  var sampleCount: Int { Int(table.sample_count) }
  var statisticNames: [String] {
    (0..<Int(table.statistic_count)).map { i in
      table.statistic_names?[i].map { String(cString: $0) } ?? "s\(i)"
    }
  }

  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] {
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    let (x, status) = Bridge.output(dimension) { table.initial_point(ctx, UInt64(chain), &state, $0) }
    try host.check(status, "initial_point")
    return x
  }

  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    var h = 0.0
    try host.check(Bridge.withSamples(samples) { table.potential(ctx, x, $0, $1, &h) }, "potential")
    return h
  }

  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    var h = 0.0
    let (g, status) = Bridge.output(dimension) { out in
      Bridge.withSamples(samples) { table.potential_gradient(ctx, x, $0, $1, &h, out) }
    }
    try host.check(status, "potential_gradient")
    return (h, g)
  }

  func statistics(_ x: [Double]) throws -> [Double] {
    guard let f = table.statistics else { return [] }
    let (out, status) = Bridge.output(Int(table.statistic_count)) { f(ctx, x, $0) }
    try host.check(status, "statistics")
    return out
  }

  func referenceExpectations() throws -> [Double] {
    guard let f = table.reference_expectations else { return [] }
    let (out, status) = Bridge.output(Int(table.statistic_count)) { f(ctx, $0) }
    try host.check(status, "reference_expectations")
    return out
  }

  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    let k = UInt64(sampleSetSize)
    if let f = table.potential_batch {
      try host.check(f(ctx, UInt64(count), x, samples, k, h), "potential_batch")
      return
    }
    let n = dimension
    for i in 0..<count {
      try host.check(table.potential(ctx, x + i * n, samples.map { $0 + i * sampleSetSize }, k, h + i), "potential")
    }
  }

  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    let k = UInt64(sampleSetSize)
    if let f = table.potential_gradient_batch {
      try host.check(f(ctx, UInt64(count), x, samples, k, h, gradient), "potential_gradient_batch")
      return
    }
    let n = dimension
    for i in 0..<count {
      let status = table.potential_gradient(
        ctx, x + i * n, samples.map { $0 + i * sampleSetSize }, k, h.map { $0 + i }, gradient + i * n)
      try host.check(status, "potential_gradient")
    }
  }

  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    if let f = table.statistics_batch {
      try host.check(f(ctx, UInt64(count), x, out), "statistics_batch")
      return
    }
    guard let f = table.statistics else { return }
    let n = dimension
    let k = Int(table.statistic_count)
    for i in 0..<count { try host.check(f(ctx, x + i * n, out + i * k), "statistics") }
  }
}

/// A foreign `cat_regression_oracles` table as a ``RegressionTaskSampler``.
struct ForeignRegression: RegressionTaskSampler, @unchecked Sendable {
  let table: UnsafePointer<cat_regression_oracles>
  let ctx: UnsafeMutableRawPointer?
  let host: HostServices

  var featureDimension: Int { Int(table.pointee.feature_dim) }
  var contextLength: Int { Int(table.pointee.context_length) }
  var noiseStd: Double { table.pointee.noise_std }

  func sample(batch: Int, rng: inout CatalogueRandom) throws -> RegressionBatch {
    let d = featureDimension
    let points = contextLength + 1
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    var targets = [Double](repeating: 0, count: points * batch)
    var tasks = [Double](repeating: 0, count: d * batch)
    let (features, status) = Bridge.output(d * points * batch) { f in
      targets.withUnsafeMutableBufferPointer { t in
        tasks.withUnsafeMutableBufferPointer { w in
          table.pointee.sample(ctx, &state, UInt64(batch), f, t.baseAddress, w.baseAddress)
        }
      }
    }
    try host.check(status, "sample")
    return RegressionBatch(features: features, targets: targets, tasks: tasks)
  }

  func covariance() throws -> [Double]? {
    guard let f = table.pointee.covariance else { return nil }
    let (sigma, status) = Bridge.output(featureDimension * featureDimension) { f(ctx, $0) }
    try host.check(status, "covariance")
    return sigma
  }
}

/// A foreign `cat_graph_oracles` table as a ``GraphSampler``.
struct ForeignGraphs: GraphSampler, @unchecked Sendable {
  let table: UnsafePointer<cat_graph_oracles>
  let ctx: UnsafeMutableRawPointer?
  let host: HostServices

  var nodeCount: Int { Int(table.pointee.node_count) }
  var maxEdges: Int { Int(table.pointee.max_edges) }

  func sample(rng: inout CatalogueRandom) throws -> GraphSample {
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    var resistances = [Double](repeating: 0, count: maxEdges)
    var edges: UInt64 = 0
    let (incidence, status) = Bridge.output(nodeCount * maxEdges) { b in
      resistances.withUnsafeMutableBufferPointer { table.pointee.sample(ctx, &state, b, $0.baseAddress, &edges) }
    }
    try host.check(status, "sample")
    let m = Int(edges)
    return GraphSample(
      incidence: Array(incidence.prefix(nodeCount * m)), resistances: Array(resistances.prefix(m)), edgeCount: m)
  }
}
