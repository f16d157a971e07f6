import CCatalogue

/// A copy of a problem instance whose oracle tables are host trampolines: each forwards to the plugin's table and
/// counts the call into the current run, so oracle counts are measured by the host rather than trusted from the
/// algorithm.
///
/// The wrapped instance's `ctx` is this object; every trampoline, counted or not, swaps it back for the plugin's
/// own context before forwarding. Missing optional oracles stay NULL so capability checks see the truth.
/// Geometry tables are passed through unchanged (they carry their own context and are not counted). Batched
/// oracles (ABI 1.1) count as many calls as the points in the batch; a plugin built against 1.0 has none (its
/// table is copied at its own size, so they read NULL). The dense lower-level Hessian (ABI 1.2) counts as the
/// dim_y Hessian-vector products it replaces, so a method's counts do not depend on the form its problem offers.
///
/// Every oracle call of every algorithm passes through here, so the trampolines avoid reference counting: the
/// interposer is reached through `_withUnsafeGuaranteedRef` (the run owns it for the whole call) and counts go
/// through a pointer to the run's tally rather than through the run context object. Measured by
/// `host-overhead-benchmark`.
package final class OracleInterposer {
  /// The plugin's own instance (copied, honouring its struct_size).
  let original: cat_problem
  /// Where counts go; set for the duration of the algorithm's run (and cleared before the context goes away).
  package var run: RunContext? {
    didSet { tally = run?.tally }
  }
  /// The run's counters, read by every trampoline without touching the run context itself.
  @exclusivity(unchecked) private var tally: UnsafeMutablePointer<RunContext.Tally>?
  private let objective: cat_objective_oracles?
  private let bilevel: cat_bilevel_oracles?
  private let sampling: cat_sampling_oracles?
  private let regression: cat_regression_oracles?
  private let graphs: cat_graph_oracles?
  /// The instance handed to the algorithm (and the tables it points to), owned by this object.
  package private(set) var wrapped: UnsafeMutablePointer<cat_problem>
  private var allocations: [UnsafeMutableRawPointer] = []

  package init(
    original: cat_problem, objective: cat_objective_oracles?, bilevel: cat_bilevel_oracles?,
    sampling: cat_sampling_oracles?, regression: cat_regression_oracles?, graphs: cat_graph_oracles?
  ) {
    self.original = original
    self.objective = objective
    self.bilevel = bilevel.map(Self.withoutUndeclaredFields)
    self.sampling = sampling.map(Self.withoutUndeclaredFields)
    self.regression = regression
    self.graphs = graphs
    wrapped = .allocate(capacity: 1)
    var problem = original
    problem.struct_size = UInt32(MemoryLayout<cat_problem>.size)
    problem.ctx = Unmanaged.passUnretained(self).toOpaque()
    problem.objective = objective.map { keep(Self.wrap($0)) }
    problem.bilevel = self.bilevel.map { keep(Self.wrap($0)) }
    problem.sampling = self.sampling.map { keep(Self.wrap($0)) }
    problem.regression = regression.map { keep(Self.wrap($0)) }
    problem.graphs = graphs.map { keep(Self.wrap($0)) }
    if original.metrics != nil {
      problem.metrics = { ctx, x, out in
        OracleInterposer.with(ctx) { me in
          return me.original.metrics!(me.original.ctx, x, out)
        }
      }
    }
    problem.destroy = { _ in }  // the host destroys the plugin's instance itself, once
    wrapped.initialize(to: problem)
  }

  deinit {
    wrapped.deallocate()
    for pointer in allocations { pointer.deallocate() }
  }

  private func keep<T>(_ table: T) -> UnsafePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
    pointer.initialize(to: table)
    allocations.append(UnsafeMutableRawPointer(pointer))
    return UnsafePointer(pointer)
  }

  /// Calls `body` with the interposer behind a trampoline's `ctx`, without retaining it.
  @inline(__always)
  fileprivate static func with<R>(_ ctx: UnsafeMutableRawPointer?, _ body: (OracleInterposer) -> R) -> R {
    Unmanaged<OracleInterposer>.fromOpaque(ctx!)._withUnsafeGuaranteedRef(body)
  }

  /// Counts a call of a gradient-like oracle: k sample gradients for a sample set of size k, else one gradient.
  @inline(__always)
  fileprivate func countGradient(_ samples: UnsafePointer<UInt64>?, _ count: UInt64) {
    if samples != nil {
      tally?.pointee.count(CAT_ORACLE_SAMPLE_GRADIENT, count)
    } else {
      tally?.pointee.count(CAT_ORACLE_GRADIENT)
    }
  }

  /// Counts a batched gradient-like call over m points: m·k sample gradients for sample sets of size k, else m
  /// gradients (the same as m per-point calls).
  @inline(__always)
  fileprivate func countGradients(_ m: UInt64, _ samples: UnsafePointer<UInt64>?, _ count: UInt64) {
    if samples != nil {
      tally?.pointee.count(CAT_ORACLE_SAMPLE_GRADIENT, m * count)
    } else {
      tally?.pointee.count(CAT_ORACLE_GRADIENT, m)
    }
  }

  @inline(__always)
  fileprivate func count(_ kind: Int, _ n: UInt64 = 1) { tally?.pointee.count(kind, n) }

  private static func wrap(_ table: cat_objective_oracles) -> cat_objective_oracles {
    var wrapped = table
    wrapped.struct_size = UInt32(MemoryLayout<cat_objective_oracles>.size)
    if table.initial_point != nil {
      wrapped.initial_point = { ctx, x in
        OracleInterposer.with(ctx) { me in
          return me.objective!.initial_point!(me.original.ctx, x)
        }
      }
    }
    if table.value != nil {
      wrapped.value = { ctx, x, samples, count, f in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_VALUE)
          return me.objective!.value!(me.original.ctx, x, samples, count, f)
        }
      }
    }
    if table.gradient != nil {
      wrapped.gradient = { ctx, x, samples, count, f, grad in
        OracleInterposer.with(ctx) { me in
          me.countGradient(samples, count)
          return me.objective!.gradient!(me.original.ctx, x, samples, count, f, grad)
        }
      }
    }
    if table.hessian_vector != nil {
      wrapped.hessian_vector = { ctx, x, v, out in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_HESSIAN_VECTOR)
          return me.objective!.hessian_vector!(me.original.ctx, x, v, out)
        }
      }
    }
    if table.project != nil {
      wrapped.project = { ctx, x in
        OracleInterposer.with(ctx) { me in
          return me.objective!.project!(me.original.ctx, x)
        }
      }
    }
    return wrapped
  }

  private static func wrap(_ table: cat_bilevel_oracles) -> cat_bilevel_oracles {
    var wrapped = table
    wrapped.struct_size = UInt32(MemoryLayout<cat_bilevel_oracles>.size)
    if table.initial_point != nil {
      wrapped.initial_point = { ctx, x, y in
        OracleInterposer.with(ctx) { me in
          return me.bilevel!.initial_point!(me.original.ctx, x, y)
        }
      }
    }
    if table.upper_value != nil {
      wrapped.upper_value = { ctx, x, y, samples, count, f in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_VALUE)
          return me.bilevel!.upper_value!(me.original.ctx, x, y, samples, count, f)
        }
      }
    }
    if table.upper_gradient != nil {
      wrapped.upper_gradient = { ctx, x, y, samples, count, gx, gy in
        OracleInterposer.with(ctx) { me in
          me.countGradient(samples, count)
          return me.bilevel!.upper_gradient!(me.original.ctx, x, y, samples, count, gx, gy)
        }
      }
    }
    if table.lower_value != nil {
      wrapped.lower_value = { ctx, x, y, samples, count, g in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_VALUE)
          return me.bilevel!.lower_value!(me.original.ctx, x, y, samples, count, g)
        }
      }
    }
    if table.lower_gradient != nil {
      wrapped.lower_gradient = { ctx, x, y, samples, count, gx, gy in
        OracleInterposer.with(ctx) { me in
          me.countGradient(samples, count)
          return me.bilevel!.lower_gradient!(me.original.ctx, x, y, samples, count, gx, gy)
        }
      }
    }
    if table.constraints != nil {
      wrapped.constraints = { ctx, x, y, h, jy, jx in
        OracleInterposer.with(ctx) { me in
          return me.bilevel!.constraints!(me.original.ctx, x, y, h, jy, jx)
        }
      }
    }
    if table.lower_solution != nil {
      wrapped.lower_solution = { ctx, x, y, multipliers in
        OracleInterposer.with(ctx) { me in
          return me.bilevel!.lower_solution!(me.original.ctx, x, y, multipliers)
        }
      }
    }
    if table.lower_hessian_yy != nil {
      wrapped.lower_hessian_yy = { ctx, x, y, v, out in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_HESSIAN_VECTOR)
          return me.bilevel!.lower_hessian_yy!(me.original.ctx, x, y, v, out)
        }
      }
    }
    if table.lower_hessian_xy != nil {
      wrapped.lower_hessian_xy = { ctx, x, y, v, out in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_HESSIAN_VECTOR)
          return me.bilevel!.lower_hessian_xy!(me.original.ctx, x, y, v, out)
        }
      }
    }
    if table.lower_hessian_yy_matrix != nil {
      wrapped.lower_hessian_yy_matrix = { ctx, x, y, out in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_HESSIAN_VECTOR, me.bilevel!.dim_y)
          return me.bilevel!.lower_hessian_yy_matrix!(me.original.ctx, x, y, out)
        }
      }
    }
    return wrapped
  }

  /// A bilevel table whose author declared a size below ABI 1.2 has no dense Hessian: the word there was the start
  /// of its reserved block, so it is cleared whatever it holds.
  private static func withoutUndeclaredFields(_ table: cat_bilevel_oracles) -> cat_bilevel_oracles {
    guard table.struct_size < CAT_BILEVEL_ORACLES_SIZE_1_2 else { return table }
    var table = table
    table.lower_hessian_yy_matrix = nil
    return table
  }

  /// A sampling table whose author declared a size below ABI 1.1 has no batched oracles: the words there were its
  /// reserved block, so they are cleared whatever they hold.
  private static func withoutUndeclaredFields(_ table: cat_sampling_oracles) -> cat_sampling_oracles {
    guard table.struct_size < CAT_SAMPLING_ORACLES_SIZE_1_1 else { return table }
    var table = table
    table.potential_batch = nil
    table.potential_gradient_batch = nil
    table.statistics_batch = nil
    return table
  }

  private static func wrap(_ table: cat_sampling_oracles) -> cat_sampling_oracles {
    var wrapped = table
    wrapped.struct_size = UInt32(MemoryLayout<cat_sampling_oracles>.size)
    if table.initial_point != nil {
      wrapped.initial_point = { ctx, chain, rng, x in
        OracleInterposer.with(ctx) { me in
          return me.sampling!.initial_point!(me.original.ctx, chain, rng, x)
        }
      }
    }
    if table.potential != nil {
      wrapped.potential = { ctx, x, samples, count, h in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_VALUE)
          return me.sampling!.potential!(me.original.ctx, x, samples, count, h)
        }
      }
    }
    if table.potential_gradient != nil {
      wrapped.potential_gradient = { ctx, x, samples, count, h, grad in
        OracleInterposer.with(ctx) { me in
          me.countGradient(samples, count)
          return me.sampling!.potential_gradient!(me.original.ctx, x, samples, count, h, grad)
        }
      }
    }
    if table.potential_batch != nil {
      wrapped.potential_batch = { ctx, m, x, samples, count, h in
        OracleInterposer.with(ctx) { me in
          me.count(CAT_ORACLE_VALUE, m)
          return me.sampling!.potential_batch!(me.original.ctx, m, x, samples, count, h)
        }
      }
    }
    if table.potential_gradient_batch != nil {
      wrapped.potential_gradient_batch = { ctx, m, x, samples, count, h, grad in
        OracleInterposer.with(ctx) { me in
          me.countGradients(m, samples, count)
          return me.sampling!.potential_gradient_batch!(me.original.ctx, m, x, samples, count, h, grad)
        }
      }
    }
    if table.statistics_batch != nil {
      wrapped.statistics_batch = { ctx, m, x, out in
        OracleInterposer.with(ctx) { me in
          return me.sampling!.statistics_batch!(me.original.ctx, m, x, out)
        }
      }
    }
    if table.statistics != nil {
      wrapped.statistics = { ctx, x, out in
        OracleInterposer.with(ctx) { me in
          return me.sampling!.statistics!(me.original.ctx, x, out)
        }
      }
    }
    if table.reference_expectations != nil {
      wrapped.reference_expectations = { ctx, out in
        OracleInterposer.with(ctx) { me in
          return me.sampling!.reference_expectations!(me.original.ctx, out)
        }
      }
    }
    return wrapped
  }

  private static func wrap(_ table: cat_regression_oracles) -> cat_regression_oracles {
    var wrapped = table
    wrapped.struct_size = UInt32(MemoryLayout<cat_regression_oracles>.size)
    if table.sample != nil {
      wrapped.sample = { ctx, rng, batch, features, targets, task in
        OracleInterposer.with(ctx) { me in
          return me.regression!.sample!(me.original.ctx, rng, batch, features, targets, task)
        }
      }
    }
    if table.covariance != nil {
      wrapped.covariance = { ctx, sigma in
        OracleInterposer.with(ctx) { me in
          return me.regression!.covariance!(me.original.ctx, sigma)
        }
      }
    }
    return wrapped
  }

  private static func wrap(_ table: cat_graph_oracles) -> cat_graph_oracles {
    var wrapped = table
    wrapped.struct_size = UInt32(MemoryLayout<cat_graph_oracles>.size)
    if table.sample != nil {
      wrapped.sample = { ctx, rng, incidence, resistances, edges in
        OracleInterposer.with(ctx) { me in
          return me.graphs!.sample!(me.original.ctx, rng, incidence, resistances, edges)
        }
      }
    }
    return wrapped
  }
}
