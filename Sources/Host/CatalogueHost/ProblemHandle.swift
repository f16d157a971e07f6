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
  /// Its descriptor.
  public var descriptor: UnsafePointer<cat_problem_desc> { plugin.raw.problems[index] }
  /// The fully qualified reference, `plugin-id/problem-id@version`.
  public var qualifiedName: String { "\(plugin.info.id)/\(info.id)@\(plugin.info.version)" }
}
