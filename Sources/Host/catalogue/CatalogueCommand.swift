import ArgumentParser
import CatalogueHost

/// The root command: a catalogue of optimisation algorithms from papers, loaded as plugins.
struct CatalogueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalogue",
    abstract: "Run research optimisation algorithms, loaded as plugins, on their papers' problems.",
    discussion: """
      Exit codes: 0 ok, 1 run failed, 2 usage error, 3 plugin failed to load.
      Plugins are found on the search path shown by 'catalogue paths'.
      """,
    version: CatalogueVersion.host,
    subcommands: [ListCommand.self, InfoCommand.self, RunCommand.self, PathsCommand.self]
  )
}

/// Options every subcommand shares: where to look for plugins.
struct DiscoveryOptions: ParsableArguments {
  @Option(
    name: .customLong("plugin-path"),
    help: ArgumentHelp(
      "A plugin file or folder searched first (repeatable; colon-separated lists allowed).", valueName: "path"))
  var pluginPaths: [String] = []

  /// The search path of this invocation.
  var searchPath: PluginSearchPath { PluginSearchPath.current(pluginPaths: pluginPaths) }

  /// Discovers and loads the plugins.
  func loadRegistry() -> PluginRegistry { PluginRegistry.load(from: searchPath) }
}
