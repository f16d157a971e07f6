/// The ordered list of places plugins are discovered in (ARCHITECTURE.md §5).
///
/// Order: `--plugin-path` entries, `CATALOGUE_PLUGIN_PATH`, the executable's folder, the XDG data folder, then
/// `/usr/local/lib/catalogue/plugins`. Earlier entries win when the same plugin id and version appear twice.
public struct PluginSearchPath: Equatable, Sendable {
  /// The entries, in search order.
  public var entries: [SearchPathEntry]

  /// Creates a search path from explicit entries.
  public init(entries: [SearchPathEntry]) {
    self.entries = entries
  }

  /// Builds the documented order from its inputs (passed in so tests control them).
  ///
  /// - Parameters:
  ///   - pluginPaths: `--plugin-path` values; each may itself be colon-separated.
  ///   - environment: the process environment (`CATALOGUE_PLUGIN_PATH`, `XDG_DATA_HOME`, `HOME`).
  ///   - executableDirectory: the folder of the running `catalogue`, or nil to leave it out.
  ///   - currentDirectory: what relative paths are relative to.
  public init(
    pluginPaths: [String], environment: [String: String], executableDirectory: String?, currentDirectory: String
  ) {
    func absolute(_ path: String) -> String {
      path.hasPrefix("/") ? path : FileSystem.join(currentDirectory, path)
    }
    func split(_ list: String) -> [String] {
      list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
    var entries: [SearchPathEntry] = []
    for path in pluginPaths.flatMap(split) {
      entries.append(SearchPathEntry(path: absolute(path), origin: .commandLine))
    }
    for path in split(environment["CATALOGUE_PLUGIN_PATH"] ?? "") {
      entries.append(SearchPathEntry(path: absolute(path), origin: .environment))
    }
    if let executableDirectory {
      entries.append(SearchPathEntry(path: executableDirectory, origin: .executableFolder))
    }
    let dataHome: String
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
      dataHome = xdg  // the XDG spec says relative values are invalid and must be ignored
    } else {
      dataHome = FileSystem.join(environment["HOME"] ?? "/root", ".local/share")
    }
    entries.append(SearchPathEntry(path: FileSystem.join(dataHome, "catalogue/plugins"), origin: .userData))
    entries.append(SearchPathEntry(path: "/usr/local/lib/catalogue/plugins", origin: .system))
    self.entries = entries
  }

  /// The search path of this process: its environment, its executable's folder and its working directory.
  public static func current(pluginPaths: [String]) -> PluginSearchPath {
    PluginSearchPath(
      pluginPaths: pluginPaths,
      environment: ProcessEnvironment.variables(named: ["CATALOGUE_PLUGIN_PATH", "XDG_DATA_HOME", "HOME"]),
      executableDirectory: ProcessEnvironment.executableDirectory(),
      currentDirectory: FileSystem.currentDirectory())
  }
}
