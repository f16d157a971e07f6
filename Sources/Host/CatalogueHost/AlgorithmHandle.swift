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
  /// Its descriptor.
  public var descriptor: UnsafePointer<cat_algorithm_desc> { plugin.raw.algorithms[index] }
  /// The fully qualified reference, `plugin-id/algorithm-id@version`.
  public var qualifiedName: String { "\(plugin.info.id)/\(info.id)@\(plugin.info.version)" }
  /// The citation that applies: the algorithm's own, else the plugin's.
  public var citation: Citation? { info.citation ?? plugin.info.citation }
}
