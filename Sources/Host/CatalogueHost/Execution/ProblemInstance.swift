import CCatalogue

/// A problem instance built by a plugin for one run, with the counting copy the algorithm sees.
///
/// The host builds the instance before creating the run folder, so a plugin that rejects its parameters or an
/// algorithm that needs an oracle the instance lacks fails before anything is written.
final class ProblemInstance {
  /// The problem's metadata.
  let info: ProblemInfo
  /// The counting copy handed to the algorithm.
  let interposer: OracleInterposer
  private var destroyed = false

  /// Calls the descriptor's `create` with the problem's parameters and an rng seeded on stream 1.
  init(
    problem: ProblemHandle, parameters: ParameterStore, seed: UInt64
  ) throws(CatalogueError) {
    info = problem.info
    var rng = cat_rng(seed: seed, stream: 1)
    var out: UnsafePointer<cat_problem>?
    let descriptor = try problem.descriptor()
    ErrorSlot.clear()
    let status = descriptor.pointee.create!(descriptor, HostServices.table, parameters.opaquePointer, &rng, &out)
    let label = "problem \(info.id) (\(problem.plugin.info.id) \(problem.plugin.info.version))"
    guard Int(status) == CAT_OK else {
      let reason = ErrorSlot.take() ?? "status \(StatusName.of(status)) without a message"
      if Int(status) == CAT_ERR_INVALID_ARGUMENT {
        throw .usage("\(label) rejected its parameters: \(reason)")
      }
      throw .runFailed("\(label) failed to build an instance: \(reason)")
    }
    guard let out else { throw .runFailed("\(label): create returned OK but no instance (a plugin bug)") }
    do throws(DescriptorReader.Invalid) {
      let copy = try DescriptorReader.copy(out, as: cat_problem.self, what: "the instance")
      guard copy.kind == info.kind.rawValue else {
        throw DescriptorReader.Invalid(
          reason: "the instance has kind \(ProblemKind(rawValue: copy.kind)), its descriptor says \(info.kind)")
      }
      func table<T>(_ pointer: UnsafePointer<T>?, _ kind: ProblemKind, _ name: String) throws(DescriptorReader.Invalid)
        -> T?
      {
        if copy.kind == kind.rawValue {
          return try DescriptorReader.copy(pointer, as: T.self, what: "the instance's \(name) table")
        }
        return nil
      }
      interposer = OracleInterposer(
        original: copy, objective: try table(copy.objective, .objective, "objective"),
        bilevel: try table(copy.bilevel, .bilevel, "bilevel"),
        sampling: try table(copy.sampling, .sampling, "sampling"),
        regression: try table(copy.regression, .regressionTasks, "regression"),
        graphs: try table(copy.graphs, .graphs, "graphs"))
    } catch {
      out.pointee.destroy?(out.pointee.ctx)
      throw .runFailed("\(label) built an invalid instance: \(error.reason)")
    }
  }

  deinit { destroy() }

  /// Releases the plugin's instance (once).
  func destroy() {
    guard !destroyed else { return }
    destroyed = true
    interposer.original.destroy?(interposer.original.ctx)
  }

  /// The instance's reference values ("f_star", ...).
  var references: [(String, Double)] {
    let problem = interposer.original
    guard problem.reference_count > 0, let names = problem.reference_names, let values = problem.reference_values
    else { return [] }
    return (0..<Int(problem.reference_count)).compactMap { index in
      names[index].map { (String(cString: $0), values[index]) }
    }
  }

  /// Names of the instance's extra metrics.
  var metricNames: [String] {
    let problem = interposer.original
    guard problem.metric_count > 0, let names = problem.metric_names else { return [] }
    return (0..<Int(problem.metric_count)).compactMap { names[$0].map { String(cString: $0) } }
  }

  /// Why an algorithm cannot run on this instance (its `needs` against the oracles present), or nil if it can.
  func mismatch(for algorithm: AlgorithmInfo) -> String? {
    let problem = interposer.original
    let objective = problem.objective?.pointee
    let bilevel = problem.bilevel?.pointee
    let sampling = problem.sampling?.pointee
    let geometries: [UnsafePointer<cat_geometry>?] = [
      objective?.geometry, sampling?.geometry, bilevel?.geometry_x, bilevel?.geometry_y,
    ]
    let geometry = geometries.compactMap { $0 }.first
    let sampleCount =
      [
        objective?.sample_count, sampling?.sample_count, bilevel?.upper_sample_count,
        bilevel?.lower_sample_count,
      ].compactMap { $0 }.max() ?? 0
    let who = "algorithm \(algorithm.id)"
    let what = "problem \(info.id)"
    let needs = algorithm.needs
    if needs.contains(.geometry) && geometry == nil {
      return "\(who) needs a problem on a manifold; \(what) is Euclidean"
    }
    if needs.contains(.euclidean), let geometry {
      let name = geometry.pointee.name.map { String(cString: $0) } ?? "a manifold"
      return "\(who) needs a Euclidean problem; \(what) lives on \(name)"
    }
    if needs.contains(.samples) && sampleCount == 0 {
      return "\(who) needs a finite-sum problem with per-sample oracles; \(what) has no samples"
    }
    if needs.contains(.hessianVector) && objective?.hessian_vector == nil {
      return "\(who) needs Hessian-vector products; \(what) has none"
    }
    if needs.contains(.projection) && objective?.project == nil {
      return "\(who) needs a projection onto a constraint set; \(what) has none"
    }
    if needs.contains(.constraints) && bilevel?.constraints == nil {
      return "\(who) needs lower-level constraints; \(what) has none"
    }
    if needs.contains(.lowerSolution) && bilevel?.lower_solution == nil {
      return "\(who) needs the exact lower-level solution; \(what) has none"
    }
    if needs.contains(.lowerHessian) && (bilevel?.lower_hessian_yy == nil || bilevel?.lower_hessian_xy == nil) {
      return "\(who) needs lower-level Hessian products; \(what) has none"
    }
    if needs.contains(.unconstrained) && (bilevel?.constraints != nil || objective?.project != nil) {
      return "\(who) handles unconstrained problems only; \(what) has constraints"
    }
    return nil
  }
}
