import CatalogueSDK

/// Gradient norm clipping before an optimiser step (common-incontext-regression.md §7).
///
/// The papers use both styles: a global threshold over all parameters (linear-attention-dynamics, 1.0 or 0.1), and
/// tiny per-matrix thresholds applied to each learned block separately (preconditioned-gd and memformer, 0.01),
/// which the official `clip_and_step` implements as g ← g·r/‖g‖ whenever ‖g‖ > r.
public enum GradientClipping: Sendable, Equatable {
  /// No clipping.
  case none
  /// Scale the whole gradient to norm ≤ r.
  case global(Double)
  /// Scale each tensor separately to norm ≤ r.
  case perTensor(Double)

  /// Clips `gradient` in place.
  public func apply(_ gradient: inout ParameterSet) {
    switch self {
    case .none:
      return
    case .global(let r):
      let norm = gradient.norm
      guard norm > r else { return }
      let scale = r / norm
      for index in gradient.tensors.indices {
        gradient.tensors[index].values = gradient.tensors[index].values.map { $0 * scale }
      }
    case .perTensor(let r):
      for index in gradient.tensors.indices {
        let norm = gradient.tensors[index].norm
        if norm > r {
          let scale = r / norm
          gradient.tensors[index].values = gradient.tensors[index].values.map { $0 * scale }
        }
      }
    }
  }

  /// Builds a clipping rule from a style name (`per-matrix`, `global`, `none`) and a threshold.
  public static func named(_ style: String, threshold: Double) throws -> GradientClipping {
    switch style {
    case "none": return .none
    case "global": return .global(threshold)
    case "per-matrix": return .perTensor(threshold)
    default:
      throw PluginError(.invalidArgument, "clip must be per-matrix, global or none, got '\(style)'")
    }
  }
}
