import CCatalogue
import Glibc
import SeededRandom

/// Exports a Swift ``ProblemInstance`` as a `cat_problem` with the oracle table of its kind.
///
/// The instance, its tables and its exported geometries live in one box whose address is the C `ctx`; the
/// problem's `destroy` releases all of it.
final class ExportedProblem: @unchecked Sendable {
  let instance: ProblemInstance
  let host: HostServices
  var objective: (any ObjectiveFunction)?
  var bilevel: (any BilevelProblem)?
  var sampling: (any SamplingProblem)?
  var regression: (any RegressionTaskSampler)?
  var graphs: (any GraphSampler)?
  private var geometries: [ExportedGeometry] = []
  private var allocations: [UnsafeMutableRawPointer] = []

  private init(_ instance: ProblemInstance, host: HostServices) {
    self.instance = instance
    self.host = host
    switch instance.oracles {
    case .objective(let f): objective = f
    case .bilevel(let p): bilevel = p
    case .sampling(let p): sampling = p
    case .regressionTasks(let p): regression = p
    case .graphs(let p): graphs = p
    }
  }

  deinit {
    for allocation in allocations { free(allocation) }
  }

  @inline(__always)
  static func unbox(_ ctx: UnsafeMutableRawPointer?) -> ExportedProblem {
    Unmanaged<ExportedProblem>.fromOpaque(ctx!).takeUnretainedValue()
  }

  /// Keeps a geometry table alive as long as the problem.
  private func export(_ geometry: (any Geometry)?) -> UnsafePointer<cat_geometry>? {
    guard let geometry else { return nil }
    let exported = ExportedGeometry(geometry, host: host)
    geometries.append(exported)
    return UnsafePointer(exported.table)
  }

  /// A heap copy owned by this problem.
  private func own<T>(_ value: T) -> UnsafePointer<T> {
    let pointer = malloc(MemoryLayout<T>.stride)!
    allocations.append(pointer)
    let typed = pointer.bindMemory(to: T.self, capacity: 1)
    typed.initialize(to: value)
    return UnsafePointer(typed)
  }

  private func own(_ strings: [String]) -> UnsafePointer<UnsafePointer<CChar>?>? {
    guard !strings.isEmpty else { return nil }
    let copies = strings.map { s -> UnsafePointer<CChar>? in
      let c = strdup(s)!
      allocations.append(UnsafeMutableRawPointer(c))
      return UnsafePointer(c)
    }
    let array = malloc(MemoryLayout<UnsafePointer<CChar>?>.stride * copies.count)!
    allocations.append(array)
    let typed = array.bindMemory(to: UnsafePointer<CChar>?.self, capacity: copies.count)
    typed.initialize(from: copies, count: copies.count)
    return UnsafePointer(typed)
  }

  private func own(_ values: [Double]) -> UnsafePointer<Double>? {
    guard !values.isEmpty else { return nil }
    let array = malloc(MemoryLayout<Double>.stride * values.count)!
    allocations.append(array)
    let typed = array.bindMemory(to: Double.self, capacity: values.count)
    typed.initialize(from: values, count: values.count)
    return UnsafePointer(typed)
  }

  /// Builds the C instance. Ownership passes to the host, which calls `destroy` once.
  static func export(_ instance: ProblemInstance, host: HostServices) -> UnsafePointer<cat_problem> {
    let box = ExportedProblem(instance, host: host)
    var p = cat_problem()
    p.struct_size = UInt32(MemoryLayout<cat_problem>.size)
    p.kind = instance.kind.rawValue
    p.ctx = Unmanaged.passRetained(box).toOpaque()
    switch instance.oracles {
    case .objective(let f): p.objective = box.own(objectiveTable(f, box))
    case .bilevel(let b): p.bilevel = box.own(bilevelTable(b, box))
    case .sampling(let s): p.sampling = box.own(samplingTable(s, box))
    case .regressionTasks(let r): p.regression = box.own(regressionTable(r))
    case .graphs(let g): p.graphs = box.own(graphTable(g))
    }
    p.reference_count = UInt32(instance.references.count)
    p.reference_names = box.own(instance.references.map(\.name))
    p.reference_values = box.own(instance.references.map(\.value))
    if instance.metrics != nil {
      p.metric_count = UInt32(instance.metricNames.count)
      p.metric_names = box.own(instance.metricNames)
      p.metrics = { ctx, x, out in
        let b = ExportedProblem.unbox(ctx)
        return b.host.guarded {
          let n = ExportedProblem.pointDimension(b)
          let values = try b.instance.metrics!(Bridge.array(x, n))
          try Bridge.write(values, to: out, count: b.instance.metricNames.count, "metrics")
        }
      }
    }
    p.destroy = { ctx in
      Unmanaged<ExportedProblem>.fromOpaque(ctx!).release()
    }
    // The cat_problem itself is owned by the box too.
    return box.own(p)
  }

  /// The length of "the point" metrics are evaluated at, per kind.
  private static func pointDimension(_ b: ExportedProblem) -> Int {
    if let f = b.objective { return f.dimension }
    if let p = b.bilevel { return p.dimensionX }
    if let s = b.sampling { return s.dimension }
    return 0
  }

  private static func objectiveTable(_ f: any ObjectiveFunction, _ box: ExportedProblem) -> cat_objective_oracles {
    var t = cat_objective_oracles()
    t.struct_size = UInt32(MemoryLayout<cat_objective_oracles>.size)
    t.dim = UInt64(f.dimension)
    t.sample_count = UInt64(f.sampleCount)
    t.geometry = box.export(f.geometry)
    t.initial_point = { ctx, x in
      let b = ExportedProblem.unbox(ctx)
      let f = b.objective!
      return b.host.guarded { try Bridge.write(f.initialPoint(), to: x, count: f.dimension, "initial point") }
    }
    t.value = { ctx, x, samples, count, out in
      let b = ExportedProblem.unbox(ctx)
      let f = b.objective!
      return b.host.guarded {
        out?.pointee = try f.value(Bridge.array(x, f.dimension), samples: Bridge.samples(samples, count))
      }
    }
    t.gradient = { ctx, x, samples, count, value, grad in
      let b = ExportedProblem.unbox(ctx)
      let f = b.objective!
      return b.host.guarded {
        let r = try f.gradient(Bridge.array(x, f.dimension), samples: Bridge.samples(samples, count))
        value?.pointee = r.value
        try Bridge.write(r.gradient, to: grad, count: f.dimension, "gradient")
      }
    }
    if f.hasHessianVector {
      t.hessian_vector = { ctx, x, v, out in
        let b = ExportedProblem.unbox(ctx)
        let f = b.objective!
        let n = f.dimension
        return b.host.guarded {
          try Bridge.write(f.hessianVector(Bridge.array(x, n), Bridge.array(v, n)), to: out, count: n, "Hv")
        }
      }
    }
    if f.hasProjection {
      t.project = { ctx, x in
        let b = ExportedProblem.unbox(ctx)
        let f = b.objective!
        let n = f.dimension
        return b.host.guarded {
          try Bridge.write(f.project(Bridge.array(x, n)), to: x, count: n, "projection")
        }
      }
    }
    return t
  }

  private static func bilevelTable(_ p: any BilevelProblem, _ box: ExportedProblem) -> cat_bilevel_oracles {
    var t = cat_bilevel_oracles()
    t.struct_size = UInt32(MemoryLayout<cat_bilevel_oracles>.size)
    t.constraint_form = p.constraintForm.rawValue
    t.dim_x = UInt64(p.dimensionX)
    t.dim_y = UInt64(p.dimensionY)
    t.constraint_count = UInt64(p.constraintCount)
    t.upper_sample_count = UInt64(p.upperSampleCount)
    t.lower_sample_count = UInt64(p.lowerSampleCount)
    t.geometry_x = box.export(p.geometryX)
    t.geometry_y = box.export(p.geometryY)
    t.initial_point = { ctx, x, y in
      let b = ExportedProblem.unbox(ctx)
      let p = b.bilevel!
      return b.host.guarded {
        let start = try p.initialPoint()
        try Bridge.write(start.x, to: x, count: p.dimensionX, "initial x")
        try Bridge.write(start.y, to: y, count: p.dimensionY, "initial y")
      }
    }
    t.upper_value = { ctx, x, y, samples, count, out in
      let b = ExportedProblem.unbox(ctx)
      let p = b.bilevel!
      return b.host.guarded {
        out?.pointee = try p.upperValue(
          Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), samples: Bridge.samples(samples, count))
      }
    }
    t.upper_gradient = { ctx, x, y, samples, count, gx, gy in
      let b = ExportedProblem.unbox(ctx)
      let p = b.bilevel!
      return b.host.guarded {
        let g = try p.upperGradient(
          Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), samples: Bridge.samples(samples, count),
          parts: GradientParts(requesting: gx, gy))
        try Bridge.write(g.x, to: gx, count: p.dimensionX, "upper gradient in x")
        try Bridge.write(g.y, to: gy, count: p.dimensionY, "upper gradient in y")
      }
    }
    t.lower_value = { ctx, x, y, samples, count, out in
      let b = ExportedProblem.unbox(ctx)
      let p = b.bilevel!
      return b.host.guarded {
        out?.pointee = try p.lowerValue(
          Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), samples: Bridge.samples(samples, count))
      }
    }
    t.lower_gradient = { ctx, x, y, samples, count, gx, gy in
      let b = ExportedProblem.unbox(ctx)
      let p = b.bilevel!
      return b.host.guarded {
        let g = try p.lowerGradient(
          Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), samples: Bridge.samples(samples, count),
          parts: GradientParts(requesting: gx, gy))
        try Bridge.write(g.x, to: gx, count: p.dimensionX, "lower gradient in x")
        try Bridge.write(g.y, to: gy, count: p.dimensionY, "lower gradient in y")
      }
    }
    if p.constraintForm != .none {
      t.constraints = { ctx, x, y, h, jy, jx in
        let b = ExportedProblem.unbox(ctx)
        let p = b.bilevel!
        let m = p.constraintCount
        return b.host.guarded {
          let c = try p.constraints(Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY))
          try Bridge.write(c.h, to: h, count: m, "constraint values")
          try Bridge.write(c.jacobianY, to: jy, count: m * p.dimensionY, "constraint Jacobian in y")
          try Bridge.write(c.jacobianX, to: jx, count: m * p.dimensionX, "constraint Jacobian in x")
        }
      }
    }
    if p.hasLowerSolution {
      t.lower_solution = { ctx, x, y, multipliers in
        let b = ExportedProblem.unbox(ctx)
        let p = b.bilevel!
        return b.host.guarded {
          let s = try p.lowerSolution(Bridge.array(x, p.dimensionX))
          try Bridge.write(s.y, to: y, count: p.dimensionY, "lower-level solution")
          try Bridge.write(s.multipliers, to: multipliers, count: p.constraintCount, "multipliers")
        }
      }
    }
    if p.hasLowerHessian {
      t.lower_hessian_yy = { ctx, x, y, v, out in
        let b = ExportedProblem.unbox(ctx)
        let p = b.bilevel!
        return b.host.guarded {
          let r = try p.lowerHessianYY(
            Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), Bridge.array(v, p.dimensionY))
          try Bridge.write(r, to: out, count: p.dimensionY, "Hessian_yy product")
        }
      }
      t.lower_hessian_xy = { ctx, x, y, v, out in
        let b = ExportedProblem.unbox(ctx)
        let p = b.bilevel!
        return b.host.guarded {
          let r = try p.lowerHessianXY(
            Bridge.array(x, p.dimensionX), Bridge.array(y, p.dimensionY), Bridge.array(v, p.dimensionY))
          try Bridge.write(r, to: out, count: p.dimensionX, "Hessian_xy product")
        }
      }
    }
    if p.hasLowerHessianMatrix {
      t.lower_hessian_yy_matrix = { ctx, x, y, out in
        let b = ExportedProblem.unbox(ctx)
        let p = b.bilevel!
        return b.host.guarded {
          let n = p.dimensionY
          guard let out else { throw PluginError(.invalidArgument, "lower_hessian_yy_matrix: out is NULL") }
          try p.lowerHessianYYMatrix(
            Bridge.array(x, p.dimensionX), Bridge.array(y, n),
            into: UnsafeMutableBufferPointer(start: out, count: n * n))
        }
      }
    }
    return t
  }

  private static func samplingTable(_ s: any SamplingProblem, _ box: ExportedProblem) -> cat_sampling_oracles {
    var t = cat_sampling_oracles()
    t.struct_size = UInt32(MemoryLayout<cat_sampling_oracles>.size)
    t.dim = UInt64(s.dimension)
    t.sample_count = UInt64(s.sampleCount)
    t.geometry = box.export(s.geometry)
    t.initial_point = { ctx, chain, rngState, x in
      let b = ExportedProblem.unbox(ctx)
      let s = b.sampling!
      return b.host.guarded {
        var rng = rngState.map { CatalogueRandom($0.pointee) } ?? CatalogueRandom(seed: chain)
        defer { rngState?.pointee = rng.cState }
        try Bridge.write(s.initialPoint(chain: Int(chain), rng: &rng), to: x, count: s.dimension, "initial point")
      }
    }
    t.potential = { ctx, x, samples, count, out in
      let b = ExportedProblem.unbox(ctx)
      let s = b.sampling!
      return b.host.guarded {
        out?.pointee = try s.potential(Bridge.array(x, s.dimension), samples: Bridge.samples(samples, count))
      }
    }
    t.potential_gradient = { ctx, x, samples, count, h, grad in
      let b = ExportedProblem.unbox(ctx)
      let s = b.sampling!
      return b.host.guarded {
        let r = try s.potentialGradient(Bridge.array(x, s.dimension), samples: Bridge.samples(samples, count))
        h?.pointee = r.value
        try Bridge.write(r.gradient, to: grad, count: s.dimension, "potential gradient")
      }
    }
    t.statistic_count = UInt32(s.statisticNames.count)
    t.statistic_names = box.own(s.statisticNames)
    if !s.statisticNames.isEmpty {
      t.statistics = { ctx, x, out in
        let b = ExportedProblem.unbox(ctx)
        let s = b.sampling!
        return b.host.guarded {
          try Bridge.write(
            s.statistics(Bridge.array(x, s.dimension)), to: out, count: s.statisticNames.count, "statistics")
        }
      }
      t.reference_expectations = { ctx, out in
        let b = ExportedProblem.unbox(ctx)
        let s = b.sampling!
        return b.host.guarded {
          try Bridge.write(s.referenceExpectations(), to: out, count: s.statisticNames.count, "references")
        }
      }
      t.statistics_batch = { ctx, m, x, out in
        let b = ExportedProblem.unbox(ctx)
        let s = b.sampling!
        return b.host.guarded {
          let (x, _, out) = try Bridge.batch(m, x, x, out, "statistics_batch")
          try s.statisticsBatch(count: Int(m), x, out)
        }
      }
    }
    t.potential_batch = { ctx, m, x, samples, count, h in
      let b = ExportedProblem.unbox(ctx)
      let s = b.sampling!
      return b.host.guarded {
        let (x, _, h) = try Bridge.batch(m, x, x, h, "potential_batch")
        try s.potentialBatch(count: Int(m), x, samples: samples, sampleSetSize: Int(count), h)
      }
    }
    t.potential_gradient_batch = { ctx, m, x, samples, count, h, grad in
      let b = ExportedProblem.unbox(ctx)
      let s = b.sampling!
      return b.host.guarded {
        let (x, _, grad) = try Bridge.batch(m, x, x, grad, "potential_gradient_batch")
        try s.potentialGradientBatch(count: Int(m), x, samples: samples, sampleSetSize: Int(count), h, grad)
      }
    }
    return t
  }

  private static func regressionTable(_ r: any RegressionTaskSampler) -> cat_regression_oracles {
    var t = cat_regression_oracles()
    t.struct_size = UInt32(MemoryLayout<cat_regression_oracles>.size)
    t.feature_dim = UInt64(r.featureDimension)
    t.context_length = UInt64(r.contextLength)
    t.noise_std = r.noiseStd
    t.sample = { ctx, rngState, batch, features, targets, task in
      let b = ExportedProblem.unbox(ctx)
      let r = b.regression!
      return b.host.guarded {
        guard let rngState else { throw PluginError(.invalidArgument, "sample needs a generator") }
        var rng = CatalogueRandom(rngState.pointee)
        defer { rngState.pointee = rng.cState }
        let n = Int(batch)
        let d = r.featureDimension
        let points = r.contextLength + 1
        let drawn = try r.sample(batch: n, rng: &rng)
        try Bridge.write(drawn.features, to: features, count: d * points * n, "features")
        try Bridge.write(drawn.targets, to: targets, count: points * n, "targets")
        try Bridge.write(drawn.tasks, to: task, count: d * n, "tasks")
      }
    }
    t.covariance = { ctx, out in
      let b = ExportedProblem.unbox(ctx)
      let r = b.regression!
      return b.host.guarded {
        guard let sigma = try r.covariance() else {
          throw PluginError(.unsupported, "this sampler has no fixed covariance")
        }
        try Bridge.write(sigma, to: out, count: r.featureDimension * r.featureDimension, "covariance")
      }
    }
    return t
  }

  private static func graphTable(_ g: any GraphSampler) -> cat_graph_oracles {
    var t = cat_graph_oracles()
    t.struct_size = UInt32(MemoryLayout<cat_graph_oracles>.size)
    t.node_count = UInt64(g.nodeCount)
    t.max_edges = UInt64(g.maxEdges)
    t.sample = { ctx, rngState, incidence, resistances, edgeCount in
      let b = ExportedProblem.unbox(ctx)
      let g = b.graphs!
      return b.host.guarded {
        guard let rngState else { throw PluginError(.invalidArgument, "sample needs a generator") }
        var rng = CatalogueRandom(rngState.pointee)
        defer { rngState.pointee = rng.cState }
        let graph = try g.sample(rng: &rng)
        guard graph.edgeCount <= g.maxEdges else {
          throw PluginError(.internal, "graph has \(graph.edgeCount) edges, more than max_edges \(g.maxEdges)")
        }
        try Bridge.write(graph.incidence, to: incidence, count: g.nodeCount * graph.edgeCount, "incidence")
        try Bridge.write(graph.resistances, to: resistances, count: graph.edgeCount, "resistances")
        edgeCount?.pointee = UInt64(graph.edgeCount)
      }
    }
    return t
  }
}
