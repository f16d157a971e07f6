/// A plugin the host knows: its metadata, the file it came from and, once its file is loaded into this process,
/// the descriptors to run it.
///
/// Plugins found by the scanner (or read from the registry cache) carry no descriptors: their code never ran in
/// the host. A run in a worker process loads the file there; `run --in-process` loads it here on first use.
public struct LoadedPlugin: Sendable {
  /// What it registers.
  public var info: PluginInfo
  /// The real path of its shared library.
  public var file: String
  /// Which search-path entry found it.
  public var origin: SearchPathEntry.Origin
  /// Its C descriptors, if its file is loaded into this process.
  public var raw: RawPlugin?

  /// Creates a plugin record.
  public init(info: PluginInfo, file: String, origin: SearchPathEntry.Origin, raw: RawPlugin?) {
    self.info = info
    self.file = file
    self.origin = origin
    self.raw = raw
  }

  /// "id version", as messages name a plugin.
  public var label: String { "\(info.id) \(info.version)" }
}
