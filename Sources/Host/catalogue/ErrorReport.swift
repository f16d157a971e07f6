import ArgumentParser
import CatalogueHost
import Glibc

/// Prints errors the documented way (one line on stderr starting `error: `) and exits with the documented code.
enum ErrorReport {
  /// Prints a library error and exits with its code.
  static func exit(_ error: CatalogueError) -> Never {
    print(error)
    exit(code: error.exitCode)
  }

  /// Prints one `error: ` line for a library error.
  static func print(_ error: CatalogueError) {
    StandardError.write("error: \(oneLine(error.message))\n")
  }

  /// Prints one `warning: ` line.
  static func warn(_ message: String) {
    StandardError.write("warning: \(oneLine(message))\n")
  }

  /// Flushes stdout and exits.
  static func exit(code: Int32) -> Never {
    fflush(nil)
    Glibc.exit(code)
  }

  /// Handles what ArgumentParser throws: help and version requests print as usual and exit 0; every other parse
  /// or validation error becomes one line and exit code 2.
  static func exitForParserError(_ error: Error, arguments: [String]) -> Never {
    if CatalogueCommand.exitCode(for: error) == .success { CatalogueCommand.exit(withError: error) }
    let message = CatalogueCommand.message(for: error)
    let first = message.split(separator: "\n").first.map(String.init) ?? "invalid arguments"
    let subcommand =
      arguments.first { !$0.hasPrefix("-") }
      .flatMap { name in CatalogueCommand.configuration.subcommands.first { $0._commandName == name } }
      .map { " \($0._commandName)" } ?? ""
    var text = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    if let character = text.first { text = character.lowercased() + text.dropFirst() }
    let hint = text.contains("(see '") ? "" : " (see 'catalogue\(subcommand) --help')"
    StandardError.write("error: \(oneLine(text))\(hint)\n")
    exit(code: 2)
  }

  /// The message on one line, with any control character a value brought in escaped and at most 4000 characters
  /// (values are already quoted with `EchoedText`; this guards messages that quote something else).
  private static func oneLine(_ text: String) -> String {
    EchoedText.show(text.split(whereSeparator: \.isNewline).joined(separator: " "), limit: 4000)
  }
}
