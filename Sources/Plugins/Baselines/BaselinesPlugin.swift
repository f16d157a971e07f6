import CatalogueSDK

/// The baselines plugin: the textbook methods and test problems every paper plugin compares against.
package let baselines = Plugin(
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
