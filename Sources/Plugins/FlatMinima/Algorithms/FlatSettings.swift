import CatalogueSDK

/// The parameters RS and SA share (spec §3.4), read once per run.
///
/// Step sizes, radius and gate follow the paper's Algorithm 1 inputs (η, η′, ρ, ε₀, T); the output choice, the
/// finishing gradient-descent phase and the stopping target are the plugin's additions for practice.
struct FlatSettings: Sendable, Equatable {
  /// Which iterate the main phase returns.
  enum Output: String, Sendable {
    /// The last iterate x_T (practice).
    case last
    /// An iterate drawn uniformly from x₁, …, x_T (the theory's output, an artefact of the analysis).
    case random
  }

  /// η, the learning rate of perturbed steps.
  var stepSize: Double
  /// η′, the learning rate of plain gradient steps (gate closed, and the finishing phase).
  var gdStepSize: Double
  /// ρ, the perturbation radius.
  var rho: Double
  /// ε₀: perturbed steps only when ‖∇f(x_t)‖ ≤ ε₀.
  var gate: Double
  /// T, the steps of the main phase.
  var steps: Int
  /// The main phase's output.
  var output: Output
  /// Whether gradient descent with η′ follows the main phase.
  var finalDescent: Bool
  /// The finishing phase stops once ‖∇f‖ < this.
  var finalTolerance: Double
  /// The finishing phase takes at most this many steps.
  var finalSteps: Int

  /// The parameters, with the method's default for the finishing phase.
  static func parameters(finalDescent: Bool) -> [Parameter] {
    [
      .real("step_size", default: 1e-3, above: 0, logScale: true, help: "η, learning rate of perturbed steps"),
      .real("gd_step_size", default: 1e-3, above: 0, logScale: true, help: "η′, learning rate of plain GD steps"),
      .real("rho", default: 0.1, min: 0, help: "ρ, perturbation radius"),
      .real("gate", default: 1e-3, min: 0, logScale: true, help: "ε₀: perturb only when ‖∇f‖ ≤ ε₀"),
      .int("steps", default: 10_000, in: 0...1_000_000_000, unit: "iterations", help: "T, steps of the main phase"),
      .choice(
        "output", default: "last", choices: ["last", "random"],
        help: "main-phase output: last iterate or one drawn uniformly from x₁…x_T"),
      .bool("final_gd", default: finalDescent, help: "finish with gradient descent (step η′) from the output"),
      .real("final_gd_tol", default: 1e-10, above: 0, logScale: true, help: "finishing phase stops at ‖∇f‖ < this"),
      .int("final_gd_steps", default: 10_000, in: 0...1_000_000_000, unit: "iterations", help: "finishing phase cap"),
    ]
  }

  /// Reads the settings from a run's parameters.
  init(_ params: ParameterValues) throws {
    stepSize = try params.real("step_size")
    gdStepSize = try params.real("gd_step_size")
    rho = try params.real("rho")
    gate = try params.real("gate")
    steps = try params.int("steps")
    let output = try params.string("output")
    guard let parsed = Output(rawValue: output) else {
      throw PluginError(.invalidArgument, "output=\(output) is unknown; use last or random")
    }
    self.output = parsed
    finalDescent = try params.bool("final_gd")
    finalTolerance = try params.real("final_gd_tol")
    finalSteps = try params.int("final_gd_steps")
  }

  /// Explicit settings, for tests.
  init(
    stepSize: Double, gdStepSize: Double, rho: Double, gate: Double, steps: Int, output: Output = .last,
    finalDescent: Bool = false, finalTolerance: Double = 1e-10, finalSteps: Int = 0
  ) {
    self.stepSize = stepSize
    self.gdStepSize = gdStepSize
    self.rho = rho
    self.gate = gate
    self.steps = steps
    self.output = output
    self.finalDescent = finalDescent
    self.finalTolerance = finalTolerance
    self.finalSteps = finalSteps
  }
}
