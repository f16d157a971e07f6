import CatalogueSDK

/// The plugin's two methods: invex gradient descent and its projected form, one body (``InvexDescent``) with the
/// kernel, the gradient, the step rule and the projection as parameters.
enum InvexAlgorithms {
  static let note =
    "reconstructed from invexity theory (spec §4): the paper's own update rule and conditions could not be read; "
    + "checked: K1 equals baselines gd iterate for iterate, metric-gradient K3 equals GD on u = φ(x), "
    + "known minimisers of I1–I4"

  static let gradientDescent = Algorithm(
    id: "invex-gd",
    name: "Invex gradient descent",
    summary: "x⁺ = S_x(−α·d) with an injected kernel η (K1 identity, K2 geodesic, K3 diffeomorphism φ)",
    provenance: .reconstructed(note),
    accepts: [.objective],
    needs: [.unconstrained],
    defaultProblem: "reparam-ls",
    defaultMaxIterations: 2000,
    parameters: InvexDescent.parameters
  ) { run in try InvexDescent(run, projected: false).run(run) }

  static let projectedGradientDescent = Algorithm(
    id: "invex-pgd",
    name: "Projected invex gradient descent",
    summary: "x⁺ = P_C(S_x(−α·d)) with the problem's projection (box in φ-coordinates, eigenvalue box, geodesic ball)",
    provenance: .reconstructed(note),
    accepts: [.objective],
    needs: [.projection],
    defaultProblem: "reparam-ls-box",
    defaultMaxIterations: 2000,
    parameters: InvexDescent.parameters
  ) { run in try InvexDescent(run, projected: true).run(run) }
}
