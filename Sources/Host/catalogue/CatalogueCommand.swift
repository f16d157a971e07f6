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
    subcommands: [
      ListCommand.self, InfoCommand.self, RunCommand.self, CompareCommand.self, PlotCommand.self, ReproduceCommand.self,
      SweepCommand.self, PathsCommand.self,
    ],
    groupedSubcommands: [
      CommandGroup(name: "Plugin authoring", subcommands: [ValidateCommand.self, NewPluginCommand.self])
    ]
  )
}
