import CCatalogue

/// The C descriptors of a loaded plugin, kept for running its algorithms and building its problems.
///
/// Plugins are never unloaded and their descriptors are immutable and live for the process, so sharing these
/// pointers across threads is safe; indices match `PluginInfo.algorithms` and `PluginInfo.problems`.
public struct RawPlugin: @unchecked Sendable {
  /// Algorithm descriptors, in registration order.
  public var algorithms: [UnsafePointer<cat_algorithm_desc>]
  /// Problem descriptors, in registration order.
  public var problems: [UnsafePointer<cat_problem_desc>]

  /// Creates the record (the loader, and host-made pseudo-plugins such as the C API's caller problems).
  public init(algorithms: [UnsafePointer<cat_algorithm_desc>], problems: [UnsafePointer<cat_problem_desc>]) {
    self.algorithms = algorithms
    self.problems = problems
  }
}
