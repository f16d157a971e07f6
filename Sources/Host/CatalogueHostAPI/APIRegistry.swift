import CatalogueHost

/// What a `cath_registry *` points to: the registry a `cath_open` discovered.
final class APIRegistry {
  /// The plugins, as `catalogue list` would see them with the same search path.
  let registry: PluginRegistry

  /// Creates the box.
  init(registry: PluginRegistry) {
    self.registry = registry
  }
}
