import CatalogueHost

/// A small document model rendered both as Markdown and as a standalone HTML page, so the two forms of a
/// reproduction report always say the same thing.
///
/// Inline markup is limited to `code`, **bold** and backslash escapes, which both renderers understand; text from
/// plugins goes through `plain(_:)` first so that a statement such as "f* = 0" stays literal in both.
struct ReportDocument {
  /// One block of the document.
  enum Block {
    /// A heading of level 1–3.
    case heading(Int, String)
    /// A paragraph.
    case paragraph(String)
    /// A verdict line, coloured by the HTML page.
    case verdict(Bool, String)
    /// A table; `status` gives a pass/fail colour per row (nil for none).
    case table(header: [String], rows: [[String]], status: [Bool?])
    /// A figure: its SVG file name (Markdown links it), its SVG text (HTML inlines it) and a caption.
    case figure(file: String, svg: String, caption: String)
  }

  /// The page title.
  var title: String
  /// The blocks in order.
  var blocks: [Block] = []

  /// The Markdown text.
  var markdown: String {
    var text = ""
    for block in blocks {
      switch block {
      case .heading(let level, let content):
        text += String(repeating: "#", count: level) + " " + content + "\n\n"
      case .paragraph(let content):
        text += content + "\n\n"
      case .verdict(_, let content):
        text += "**" + content + "**\n\n"
      case .table(let header, let rows, _):
        text += "| " + header.map(Self.cell).joined(separator: " | ") + " |\n"
        text += "|" + String(repeating: "---|", count: header.count) + "\n"
        for row in rows { text += "| " + row.map(Self.cell).joined(separator: " | ") + " |\n" }
        text += "\n"
      case .figure(let file, _, let caption):
        text += "![\(file)](\(file))\n\n*\(caption)*\n\n"
      }
    }
    return text
  }

  /// The standalone HTML page, figures inline.
  var html: String {
    var text = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(Self.escape(title))</title>
      <style>
      body { font-family: \(SVGWriter.fontFamily); max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222;
        line-height: 1.45; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
      th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
      th { background: #f3f3f3; }
      tr.pass td:last-child { background: #e3f4e1; }
      tr.fail td:last-child { background: #fbe2e0; }
      p.verdict { font-size: 1.15em; font-weight: bold; padding: 0.5em 0.8em; border-radius: 4px; }
      p.verdict.pass { background: #e3f4e1; color: #14521b; }
      p.verdict.fail { background: #fbe2e0; color: #8a1c12; }
      code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
      figure { margin: 1.5em 0; }
      figcaption { color: #444; font-size: 0.92em; }
      svg { max-width: 100%; height: auto; }
      </style>
      </head>
      <body>

      """
    for block in blocks {
      switch block {
      case .heading(let level, let content):
        text += "<h\(level)>\(Self.inline(content))</h\(level)>\n"
      case .paragraph(let content):
        text += "<p>\(Self.inline(content))</p>\n"
      case .verdict(let pass, let content):
        text += "<p class=\"verdict \(pass ? "pass" : "fail")\">\(Self.inline(content))</p>\n"
      case .table(let header, let rows, let status):
        text += "<table>\n"
        if header.contains(where: { !$0.isEmpty }) {
          text += "<tr>" + header.map { "<th>\(Self.inline($0))</th>" }.joined() + "</tr>\n"
        }
        for (index, row) in rows.enumerated() {
          let state = index < status.count ? status[index] : nil
          let attribute = state.map { " class=\"\($0 ? "pass" : "fail")\"" } ?? ""
          text += "<tr\(attribute)>" + row.map { "<td>\(Self.inline($0))</td>" }.joined() + "</tr>\n"
        }
        text += "</table>\n"
      case .figure(_, let svg, let caption):
        text += "<figure>\n\(svg)<figcaption>\(Self.inline(caption))</figcaption>\n</figure>\n"
      }
    }
    return text + "</body>\n</html>\n"
  }

  /// A Markdown table cell: pipes escaped, line breaks removed.
  static func cell(_ text: String) -> String {
    text.replacing("|", with: "\\|").replacing("\n", with: " ")
  }

  /// Text taken literally: Markdown's inline marks escaped with a backslash.
  static func plain(_ text: String) -> String {
    var result = ""
    for character in text {
      if "\\`*_[]<>".contains(character) { result += "\\" }
      result.append(character)
    }
    return result
  }

  /// Escapes text for HTML.
  static func escape(_ text: String) -> String { SVGWriter.escape(text) }

  /// Escapes text and turns `code` and **bold** into HTML.
  static func inline(_ text: String) -> String {
    var result = ""
    var inCode = false
    var inBold = false
    var characters = Array(text)[...]
    while let character = characters.first {
      characters = characters.dropFirst()
      if character == "\\", let next = characters.first {
        characters = characters.dropFirst()
        result += escape(String(next))
      } else if character == "`" {
        result += inCode ? "</code>" : "<code>"
        inCode.toggle()
      } else if !inCode && character == "*" && characters.first == "*" {
        characters = characters.dropFirst()
        result += inBold ? "</strong>" : "<strong>"
        inBold.toggle()
      } else {
        result += escape(String(character))
      }
    }
    if inCode { result += "</code>" }
    if inBold { result += "</strong>" }
    return result
  }
}
