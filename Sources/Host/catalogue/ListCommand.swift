import ArgumentParser
import CatalogueHost

/// `catalogue list`: every plugin, algorithm, problem and experiment; files that failed to load go to stderr, or
/// to stdout as a table with `--failed`.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List plugins, algorithms, problems and experiments.",
    discussion: """
      Plugin files are scanned in child processes and the results cached (keyed by file, size and time), so a \
      file that crashed or hung while loading is named with its reason and skipped until it changes; --rescan \
      scans everything again.
      """)

  @OptionGroup var discovery: DiscoveryOptions

  @Flag(help: "Print JSON instead of tables.")
  var json = false

  @Flag(help: "Exit with code 3 if any plugin file failed to load.")
  var strict = false

  @Flag(help: "List only the plugin files that failed to load, with the reason.")
  var failed = false

  func run() throws {
    // The text tables show no parameters, runs or claims, so the cache need not decode them; JSON shows all.
    let registry = discovery.loadRegistry(summariesOnly: !json)
    let listing = CatalogueListing(registry: registry)
    if failed {
      print(json ? listing.failuresJSON.prettyText : listing.failuresText, terminator: "")
    } else {
      print(json ? listing.json.prettyText : listing.text, terminator: "")
      for failure in registry.failures {
        if strict {
          ErrorReport.print(.pluginLoad("plugin \(failure.file) failed to load: \(failure.reason)"))
        } else {
          ErrorReport.warn("skipped plugin \(failure.file): \(failure.reason)")
        }
      }
    }
    if strict && !registry.failures.isEmpty { throw ExitCode(3) }
  }
}
