/// How the host quotes text a user typed (a parameter value, a name, a path) inside a one-line message.
///
/// The text may come from a script, a shell variable or a file, so it can hold control characters (an escape
/// sequence would rewrite the user's terminal, a newline would split the one-line error) or be very long (a 100 KB
/// value echoed in full buries the message). Control characters are shown escaped (`\n`, `\t`, `\u{1B}`) and
/// anything past `limit` characters is cut with a note of how much was left out.
public enum EchoedText {
  /// The most characters of one value a message shows.
  public static let limit = 200

  /// The text as it may appear in a message: control characters escaped, at most `limit` characters of it (the
  /// front end passes a larger limit for a whole message, as a last guard).
  public static func show<S: StringProtocol>(_ text: S, limit: Int = limit) -> String {
    var shown = ""
    var count = 0
    for character in text {
      if count == limit {
        let rest = text.utf8.count - text[..<text.index(text.startIndex, offsetBy: count)].utf8.count
        return shown + "… (\(rest) more bytes)"
      }
      shown += escaped(character)
      count += 1
    }
    return shown
  }

  /// One character with control characters (C0, DEL, C1) written as escapes.
  private static func escaped(_ character: Character) -> String {
    var text = ""
    for scalar in character.unicodeScalars {
      switch scalar {
      case "\n": text += "\\n"
      case "\t": text += "\\t"
      case "\r": text += "\\r"
      case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}":
        let hex = String(scalar.value, radix: 16, uppercase: true)
        text += "\\u{" + (hex.count < 2 ? "0" : "") + hex + "}"
      default: text.unicodeScalars.append(scalar)
      }
    }
    return text
  }
}
