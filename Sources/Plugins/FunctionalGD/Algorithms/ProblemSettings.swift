import CatalogueSDK
import LinearAttention

/// What the algorithms read from a problem instance: the data kernel and exp scaling that a `gp-prompts` instance
/// publishes as references (``GPPrompts``), with explicit overrides for problems of other plugins.
enum ProblemSettings {
  /// The `exp_scale` parameter every algorithm with an exp kernel has.
  static let expScaleParameter = Parameter.choice(
    "exp_scale", default: "problem", choices: ["problem", "none", "inverse-d"],
    help: "α in exp(α⟨u,v⟩): the problem's setting (gp-prompts publishes it; 1 otherwise), 1, or 1/d")

  /// The `test_size` parameter; every algorithm of the plugin draws its test prompts first from the run's stream,
  /// so one seed and test size give every algorithm the same test prompts.
  static let testSizeParameter = Parameter.int(
    "test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set")

  /// α for an attention or FGD kernel h: the exp scaling applies to exp only.
  static func scoreScale(
    _ h: AttentionNonlinearity, _ choice: String, problem: ProblemInstance, dimension d: Int
  ) throws -> Double {
    guard h == .exp else { return 1 }
    switch choice {
    case "problem": return problem.reference("exp_scale") ?? 1
    case "none": return 1
    case "inverse-d": return 1 / Double(d)
    default: throw PluginError(.invalidArgument, "exp_scale must be problem, none or inverse-d, got '\(choice)'")
    }
  }

  /// The data kernel named by `choice`, or the problem's when `choice` is `problem`.
  static func dataKernel(_ choice: String, problem: ProblemInstance) throws -> DataKernel {
    if choice != "problem" {
      guard let kernel = DataKernel(rawValue: choice) else {
        throw PluginError(.invalidArgument, "kernel must be problem, linear, relu or exp, got '\(choice)'")
      }
      return kernel
    }
    guard let code = problem.reference("data_kernel"), let kernel = DataKernel(code: code) else {
      throw PluginError(
        .invalidArgument,
        "the problem does not publish its data kernel (only gp-prompts does): pass -p kernel=linear|relu|exp")
    }
    return kernel
  }

  /// A pointwise attention non-linearity by name (FGD needs a kernel, so softmax is refused).
  static func pointwise(_ name: String) throws -> AttentionNonlinearity {
    guard let h = AttentionNonlinearity(rawValue: name), h != .softmax else {
      throw PluginError(.invalidArgument, "h must be linear, relu or exp for functional GD, got '\(name)'")
    }
    return h
  }
}
