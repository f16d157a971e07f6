import CatalogueSDK
import LinearAttention

/// The official learning rates and clipping thresholds of the 3-layer runs (linear-attention-dynamics.md §3.4, from
/// the `chengxiang/LinearTransformer` README table and `train.ipynb`): the defaults of `lt-train` per covariate
/// mode, so `-p optimizer=sgdm` alone gives the paper's SGDM run on whichever setting the problem is.
enum LearningRateTable {
  /// The tabled rate for `optimizer` on prompts with covariates `features` and `n` context points, or nil when the
  /// table has no row for the setting.
  static func rate(_ optimizer: DynamicsSettings.Optimizer, features: FeatureDistribution, n: Int) -> Double? {
    switch (features, n) {
    case (.gaussian, 5): optimizer == .sgdm ? 0.01 : 0.005
    case (.gaussian, 20): 0.02
    case (.sphere, 20): optimizer == .sgdm ? 5 : 0.1
    case (.gamma, 20): 0.02
    default: nil
    }
  }

  /// The global-norm clipping threshold: 0.1 for `sphere` (whose gradients are small and whose SGDM rate is 5),
  /// 1.0 otherwise.
  static func clipNorm(features: FeatureDistribution) -> Double {
    features == .sphere ? 0.1 : 1
  }
}
