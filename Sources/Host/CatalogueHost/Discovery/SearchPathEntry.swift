/// One place the host looks for plugins, and why it is on the search path.
public struct SearchPathEntry: Equatable, Sendable {
  /// Where an entry came from; also decides how quietly non-plugins there are skipped.
  public enum Origin: String, Equatable, Sendable {
    /// `--plugin-path`.
    case commandLine = "--plugin-path"
    /// `CATALOGUE_PLUGIN_PATH`.
    case environment = "CATALOGUE_PLUGIN_PATH"
    /// The folder of the running executable (in-tree plugins built by SwiftPM), where other libraries are
    /// skipped silently.
    case executableFolder = "executable folder"
    /// `$XDG_DATA_HOME/catalogue/plugins`.
    case userData = "user plugins"
    /// `/usr/local/lib/catalogue/plugins`.
    case system = "system plugins"

    /// True for entries the user named explicitly: a missing path there is reported, elsewhere it is normal.
    public var isExplicit: Bool { self == .commandLine || self == .environment }
  }

  /// An absolute path: a folder to scan or a single file.
  public var path: String
  /// Why it is searched.
  public var origin: Origin

  /// Creates an entry.
  public init(path: String, origin: Origin) {
    self.path = path
    self.origin = origin
  }
}
