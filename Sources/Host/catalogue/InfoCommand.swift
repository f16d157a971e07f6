import ArgumentParser
import CatalogueHost

/// `catalogue info <id>`: an algorithm's parameters, citation, provenance and defaults; a problem's kind and
/// parameters; or everything a plugin registers.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Describe an algorithm, a problem or a plugin.")

  @OptionGroup var discovery: DiscoveryOptions

  @Argument(help: "An algorithm or problem ([plugin-id/]id[@version]) or a plugin id.")
  var id: String

  func run() throws {
    let registry = discovery.loadRegistry()
    print(try EntryDescription.describe(id, registry: registry), terminator: "")
  }
}
