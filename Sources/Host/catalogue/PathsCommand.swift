import ArgumentParser
import CatalogueHost

/// `catalogue paths`: the plugin search path in order, and which entries exist.
struct PathsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "paths", abstract: "Show where plugins are searched for, in order.")

  @OptionGroup var discovery: DiscoveryOptions

  func run() throws {
    let rows = discovery.searchPath.entries.enumerated().map { index, entry in
      let status: String
      switch FileSystem.kind(of: entry.path) {
      case .directory: status = "exists"
      case .file: status = "file"
      case .missing: status = "missing"
      }
      return ["\(index + 1).", entry.path, entry.origin.rawValue, status]
    }
    print(TextTable(header: ["", "PATH", "FROM", "STATUS"], rows: rows).text, terminator: "")
  }
}
