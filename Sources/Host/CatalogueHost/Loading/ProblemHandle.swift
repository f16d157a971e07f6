import CCatalogue

/// A problem found in the registry: its plugin, its metadata and its C descriptor.
public struct ProblemHandle: Sendable {
  /// The plugin that registers it.
  public var plugin: LoadedPlugin
  /// Its index in the plugin's problem list.
  public var index: Int

  /// Creates a handle.
  public init(plugin: LoadedPlugin, index: Int) {
    self.plugin = plugin
    self.index = index
  }

  /// Its metadata.
  public var info: ProblemInfo { plugin.info.problems[index] }
  /// Its descriptor, loading the plugin's file into this process if it is not loaded yet (the check that the
  /// file still matches its scanned metadata can fail).
  public func descriptor() throws(CatalogueError) -> UnsafePointer<cat_problem_desc> {
    try PluginLoader.descriptors(of: plugin).problems[index]
  }
  /// The fully qualified reference, `plugin-id/problem-id@version`.
  public var qualifiedName: String { "\(plugin.info.id)/\(info.id)@\(plugin.info.version)" }
}
