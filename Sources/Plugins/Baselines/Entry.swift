import CCatalogue
import CatalogueSDK

/// The baselines plugin: the textbook methods and test problems every paper plugin compares against.
let baselines = Plugin(
  id: "org.catalogue.baselines",
  name: "Baselines",
  version: "1.0.0",
  summary: "Textbook first-order methods (GD, heavy ball, Nesterov, Adam, linear CG, SAM) and standard test problems",
  license: "Apache-2.0",
  citation: nil,
  algorithms: [
    GradientDescent.algorithm, HeavyBall.algorithm, Nesterov.algorithm, Adam.algorithm,
    ConjugateGradient.algorithm, SharpnessAware.algorithm,
  ],
  problems: [Quadratic.family, Rosenbrock.family, LogisticRegression.family, RayleighQuotient.family],
  experiments: BaselineExperiments.all
)

/// Built once, on the first call of the entry point, and kept for the life of the process.
private let descriptor = baselines.descriptor()

/// The plugin's one exported symbol; the compiler checks this signature against `catalogue.h`.
@c @implementation
public func catalogue_plugin_entry(
  _ hostAbiMajor: UInt32, _ hostAbiMinor: UInt32, _ host: UnsafePointer<cat_host_api>?
) -> UnsafePointer<cat_plugin>? {
  Plugin.entry(hostAbiMajor, hostAbiMinor, host, descriptor)
}
