/// A plugin that loaded: its metadata, the file it came from and the descriptors to run it.
public struct LoadedPlugin: Sendable {
  /// What it registers.
  public var info: PluginInfo
  /// The real path of its shared library.
  public var file: String
  /// Which search-path entry found it.
  public var origin: SearchPathEntry.Origin
  /// Its C descriptors.
  public var raw: RawPlugin

  /// Creates a loaded-plugin record.
  public init(info: PluginInfo, file: String, origin: SearchPathEntry.Origin, raw: RawPlugin) {
    self.info = info
    self.file = file
    self.origin = origin
    self.raw = raw
  }

  /// "id version", as messages name a plugin.
  public var label: String { "\(info.id) \(info.version)" }
}
