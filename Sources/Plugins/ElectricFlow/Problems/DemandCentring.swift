/// Whether the N(0, 1) demands are mean-centred over nodes (electric-flow.md §2, §7, §9).
///
/// Centred demands make L^†Ψ the potentials of a feasible flow and are what GD needs; the stored results of the
/// plotting notebook centre them only for the heat target, the current training notebook always.
enum DemandCentring: String, Sendable, CaseIterable {
  /// Centre for the heat target only (the plotting notebook that produced the stored results).
  case heatOnly = "heat-only"
  /// Always centre (the current training notebook).
  case always
  /// Never centre.
  case never

  /// Whether demands for `target` are centred.
  func centres(_ target: LaplacianTarget) -> Bool {
    switch self {
    case .always: true
    case .never: false
    case .heatOnly: if case .heat = target { true } else { false }
    }
  }
}
