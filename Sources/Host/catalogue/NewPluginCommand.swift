import ArgumentParser
import CatalogueAuthoring
import CatalogueHost

/// `catalogue new-plugin NAME --lang swift|c`: scaffolds an out-of-tree plugin that builds, validates and runs.
struct NewPluginCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new-plugin", abstract: "Create a new plugin (Swift package or C with a Makefile) that runs as is.")

  @Argument(help: "The plugin's name: lower-case letters, digits and '-' (also its algorithm id).")
  var name: String

  @Option(help: "The plugin's language: swift or c.")
  var lang: String

  @Option(
    help: ArgumentHelp(
      "The plugin's folder, created (it must not exist or be empty; default: ./NAME).", valueName: "dir"))
  var dir: String?

  @Option(
    help: ArgumentHelp(
      "The catalogue source tree (default: the one this executable was built in). Swift plugins need one; C plugins "
        + "get the header this executable was built with.", valueName: "path"))
  var catalogue: String?

  func run() throws {
    guard let language = PluginScaffold.Language(rawValue: lang.lowercased()) else {
      throw CatalogueError.usage(
        "--lang must be swift or c (got \(EchoedText.show(lang))); for Rust, copy plugins/rust-example from the "
          + "catalogue repository")
    }
    let executable = ProcessEnvironment.executablePath()
    let root =
      catalogue.map { FileSystem.realPath($0) ?? $0 } ?? PluginScaffold.findCatalogueRoot(from: executable)
    let scaffold = try PluginScaffold(name: name, language: language, catalogueRoot: root)
    let folder = FileSystem.absolute(dir ?? name)
    for path in try scaffold.write(into: folder) { print("created \(path)") }
    print("\nNext:\n" + scaffold.instructions(folder: folder, catalogue: executable ?? "catalogue"), terminator: "")
  }
}
