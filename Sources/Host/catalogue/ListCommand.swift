import ArgumentParser
import CatalogueHost

/// `catalogue list`: every plugin, algorithm, problem and experiment; files that failed to load go to stderr.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List plugins, algorithms, problems and experiments.")

  @OptionGroup var discovery: DiscoveryOptions

  @Flag(help: "Print JSON instead of tables.")
  var json = false

  @Flag(help: "Exit with code 3 if any plugin file failed to load.")
  var strict = false

  func run() throws {
    let registry = discovery.loadRegistry()
    let listing = CatalogueListing(registry: registry)
    print(json ? listing.json.prettyText : listing.text, terminator: "")
    for failure in registry.failures {
      if strict {
        ErrorReport.print(.pluginLoad("plugin \(failure.file) failed to load: \(failure.reason)"))
      } else {
        ErrorReport.warn("skipped plugin \(failure.file): \(failure.reason)")
      }
    }
    if strict && !registry.failures.isEmpty { throw ExitCode(3) }
  }
}
