import CCatalogue

/// An algorithm found in the registry: its plugin, its metadata and its C descriptor.
public struct AlgorithmHandle: Sendable {
  /// The plugin that registers it.
  public var plugin: LoadedPlugin
  /// Its index in the plugin's algorithm list.
  public var index: Int

  /// Creates a handle.
  public init(plugin: LoadedPlugin, index: Int) {
    self.plugin = plugin
    self.index = index
  }

  /// Its metadata.
  public var info: AlgorithmInfo { plugin.info.algorithms[index] }
  /// Its descriptor, loading the plugin's file into this process if it is not loaded yet (the check that the
  /// file still matches its scanned metadata can fail).
  public func descriptor() throws(CatalogueError) -> UnsafePointer<cat_algorithm_desc> {
    try PluginLoader.descriptors(of: plugin).algorithms[index]
  }
  /// The fully qualified reference, `plugin-id/algorithm-id@version`.
  public var qualifiedName: String { "\(plugin.info.id)/\(info.id)@\(plugin.info.version)" }
  /// The citation that applies: the algorithm's own, else the plugin's.
  public var citation: Citation? { info.citation ?? plugin.info.citation }
}
