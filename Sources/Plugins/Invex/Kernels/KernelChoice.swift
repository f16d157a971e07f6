import CatalogueSDK

/// Picks the kernel a run uses from the `kernel` parameter and what the problem carries: the K3 map φ through the
/// problem's reference `phi_beta` (so it crosses the ABI as plain data), the K2 manifold through its geometry
/// table. `auto` takes K3 when the problem declares φ, else K2 on a manifold with Exp and Log, else K1.
enum KernelChoice {
  static let parameter = Parameter.choice(
    "kernel", default: "auto", choices: ["auto", "k1", "k2", "k3"],
    help: "η: k1 = y − x, k2 = Log_x(y) on the problem's manifold, k3 = Dφ(x)⁻¹(φ(y) − φ(x)); auto picks k3/k2/k1")

  static func make(_ choice: String, problem: ProblemInstance, function: any ObjectiveFunction) throws
    -> any InvexKernel
  {
    switch choice {
    case "k1":
      return EuclideanKernel()
    case "k2":
      guard let geometry = function.geometry else {
        throw PluginError(.invalidArgument, "kernel k2 needs a problem on a manifold; this one is Euclidean (use k1)")
      }
      return try GeodesicKernel(geometry)
    case "k3":
      guard let beta = problem.reference("phi_beta") else {
        throw PluginError(
          .invalidArgument,
          "kernel k3 needs a problem that declares its map φ (reference phi_beta, e.g. reparam-ls); use k1 or k2")
      }
      return ReparametrisedKernel(phi: try SineReparametrisation(beta: beta))
    default:
      if problem.reference("phi_beta") != nil { return try make("k3", problem: problem, function: function) }
      if let geometry = function.geometry, geometry.hasExp, geometry.hasLog { return try GeodesicKernel(geometry) }
      return EuclideanKernel()
    }
  }
}
