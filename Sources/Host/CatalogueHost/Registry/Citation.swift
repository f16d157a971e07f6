/// Where a method comes from, copied from a `cat_citation`.
public struct Citation: Equatable, Hashable, Sendable, Codable {
  /// Publication year.
  public var year: UInt32
  /// Authors as the plugin wrote them, e.g. "Dutta, Cheng, Sra".
  public var authors: String
  /// Full title.
  public var title: String
  /// Venue, e.g. "NeurIPS 2024".
  public var venue: String
  /// arXiv id, if any.
  public var arxivID: String?
  /// Official code or paper page, if any.
  public var url: String?

  /// Creates a citation.
  public init(year: UInt32, authors: String, title: String, venue: String, arxivID: String?, url: String?) {
    self.year = year
    self.authors = authors
    self.title = title
    self.venue = venue
    self.arxivID = arxivID
    self.url = url
  }

  /// "Surname Year", "Surname & Surname Year" or "Surname et al. Year", for one-line tables.
  ///
  /// The authors are split at ",", "&" and " and " (matched left to right) and each part contributes its last
  /// word; one pass over the characters (the generic `replacing` this replaced cost a fifth of a warm `list`'s
  /// table).
  public var short: String {
    var names: [Substring] = []
    var partStart = authors.startIndex
    var index = authors.startIndex
    while index < authors.endIndex {
      let separatorEnd: String.Index?
      switch authors[index] {
      case ",", "&": separatorEnd = authors.index(after: index)
      case " " where authors[index...].starts(with: " and "): separatorEnd = authors.index(index, offsetBy: 5)
      default: separatorEnd = nil
      }
      guard let separatorEnd else {
        index = authors.index(after: index)
        continue
      }
      if let last = authors[partStart..<index].split(separator: " ").last { names.append(last) }
      index = separatorEnd
      partStart = separatorEnd
    }
    if let last = authors[partStart...].split(separator: " ").last { names.append(last) }
    let who: String
    switch names.count {
    case 0: who = "?"
    case 1: who = String(names[0])
    case 2: who = "\(names[0]) & \(names[1])"
    default: who = "\(names[0]) et al."
    }
    return year > 0 ? "\(who) \(year)" : who
  }

  /// One line for `info`: authors, title, venue and year, with the arXiv id.
  public var full: String {
    var text = "\(authors). \(title). \(venue)"
    if year > 0 && !venue.contains(String(year)) { text += " \(year)" }
    text += "."
    if let arxivID { text += " arXiv:\(arxivID)." }
    return text
  }
}
