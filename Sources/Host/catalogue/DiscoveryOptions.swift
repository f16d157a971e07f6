import ArgumentParser
import CatalogueHost

/// Options every subcommand shares: where to look for plugins, and how to scan them.
struct DiscoveryOptions: ParsableArguments {
  @Option(
    name: .customLong("plugin-path"),
    help: ArgumentHelp(
      "A plugin file or folder searched first (repeatable; colon-separated lists allowed).", valueName: "path"))
  var pluginPaths: [String] = []

  @Flag(help: "Scan every plugin file again instead of using the registry cache.")
  var rescan = false

  @Flag(help: "Load plugin files and folders that others can write to (refused by default).")
  var allowInsecurePlugins = false

  /// The search path of this invocation.
  var searchPath: PluginSearchPath { PluginSearchPath.current(pluginPaths: pluginPaths) }

  /// How this invocation scans: in child processes of this executable, with the user's registry cache.
  var scanOptions: ScanOptions { ScanOptions.current(rescan: rescan, allowInsecure: allowInsecurePlugins) }

  /// Discovers the plugins: each file is scanned in a child process, or answered from the cache if unchanged
  /// (`summariesOnly`: see `ScanOptions.summariesOnly`).
  func loadRegistry(summariesOnly: Bool = false) -> PluginRegistry {
    var options = scanOptions
    options.summariesOnly = summariesOnly
    let (registry, warning) = PluginRegistry.scan(searchPath, options: options)
    if let warning { ErrorReport.warn(warning) }
    return registry
  }
}
