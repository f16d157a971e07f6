/// Where a method comes from: the Swift face of `cat_citation`, shown by `catalogue list` and `info`.
public struct Citation: Sendable, Equatable {
  /// Authors, e.g. `Dutta, Cheng, Sra`.
  public var authors: String
  /// Full title.
  public var title: String
  /// Venue, e.g. `NeurIPS 2024` or `arXiv`.
  public var venue: String
  /// Publication year.
  public var year: Int
  /// arXiv identifier such as `2405.15816`, if any.
  public var arxiv: String?
  /// Official code or paper page, if any.
  public var url: String?

  /// Creates a citation.
  public init(authors: String, title: String, venue: String, year: Int, arxiv: String? = nil, url: String? = nil) {
    self.authors = authors
    self.title = title
    self.venue = venue
    self.year = year
    self.arxiv = arxiv
    self.url = url
  }
}

/// How faithful an algorithm is to its source. Never claim more than was checked.
public enum Provenance: Sendable, Equatable {
  /// Checked against the paper's equations or its official code; the note says what was checked.
  case verified(String)
  /// Derived from the paper's claims and its parent method; the note says what is uncertain.
  case reconstructed(String)
  /// A textbook method, checked against known answers; the note says which.
  case standard(String)

  /// The explanation shown by `catalogue info`.
  public var note: String {
    switch self {
    case .verified(let note), .reconstructed(let note), .standard(let note): note
    }
  }
}
