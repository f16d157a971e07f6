/// A user's reference to an algorithm or a problem: `[plugin-id/]entry-id[@plugin-version]`.
///
/// Short ids are what people type (`adam`); the qualified form picks between plugins that register the same id,
/// and the version pins one of two installed versions of a plugin (by default the newest wins).
public struct EntryReference: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The plugin id before `/`, or nil for any plugin.
  public var pluginID: String?
  /// The algorithm or problem id.
  public var id: String
  /// The plugin version after `@`, or nil for the newest installed version.
  public var version: SemanticVersion?

  /// Creates a reference from its parts.
  public init(pluginID: String? = nil, id: String, version: SemanticVersion? = nil) {
    self.pluginID = pluginID
    self.id = id
    self.version = version
  }

  /// Parses the text form; the error names the input and the expected form.
  public init(parsing text: String, what: String = "algorithm") throws(CatalogueError) {
    let form = "[plugin-id/]\(what)-id[@plugin-version]"
    let shown = EchoedText.show(text)
    var rest = Substring(text)
    if let at = rest.lastIndex(of: "@") {
      let versionText = String(rest[rest.index(after: at)...])
      guard let version = SemanticVersion(versionText) else {
        throw .usage(
          "'\(EchoedText.show(versionText))' in '\(shown)' is not a semantic version (write \(form), e.g. 1.0.0)")
      }
      self.version = version
      rest = rest[..<at]
    } else {
      version = nil
    }
    if let slash = rest.lastIndex(of: "/") {
      pluginID = String(rest[..<slash])
      rest = rest[rest.index(after: slash)...]
      guard let plugin = pluginID, Self.isPluginID(plugin) else {
        throw .usage("'\(shown)' has an invalid plugin id (write \(form))")
      }
    } else {
      pluginID = nil
    }
    guard Self.isEntryID(rest) else {
      throw .usage("'\(shown)' is not a valid \(what) reference (write \(form), ids are lower-case [a-z0-9-])")
    }
    id = String(rest)
  }

  public var description: String {
    var text = pluginID.map { "\($0)/" } ?? ""
    text += id
    if let version { text += "@\(version)" }
    return text
  }

  /// Algorithm and problem ids: non-empty, lower-case letters, digits, `-` and `_`.
  static func isEntryID<S: StringProtocol>(_ text: S) -> Bool {
    !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
  }

  /// Plugin ids: non-empty, reverse-DNS-like (letters, digits, `.`, `-`, `_`).
  static func isPluginID<S: StringProtocol>(_ text: S) -> Bool {
    !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
  }
}
