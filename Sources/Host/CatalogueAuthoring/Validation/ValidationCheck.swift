import CatalogueHost

/// One check of `catalogue validate`: what was checked, whether it held, and the one line that explains why.
public struct ValidationCheck: Equatable, Sendable {
  /// The verdict.
  public enum Status: String, Equatable, Sendable {
    /// The plugin conforms.
    case passed = "pass"
    /// It does not; `detail` says how and how to fix it.
    case failed = "fail"
    /// Not run, because a check it depends on failed.
    case skipped = "skip"
  }

  /// Stable id, e.g. "exports" or "run:gd".
  public var id: String
  /// What is checked, in words.
  public var title: String
  /// The verdict.
  public var status: Status
  /// One line: what was found.
  public var detail: String

  /// Creates a check result.
  public init(id: String, title: String, status: Status, detail: String) {
    self.id = id
    self.title = title
    self.status = status
    self.detail = detail
  }

  /// A passed check.
  static func pass(_ id: String, _ title: String, _ detail: String) -> ValidationCheck {
    ValidationCheck(id: id, title: title, status: .passed, detail: detail)
  }

  /// A failed check.
  static func fail(_ id: String, _ title: String, _ detail: String) -> ValidationCheck {
    ValidationCheck(id: id, title: title, status: .failed, detail: detail)
  }

  /// A check that could not run.
  static func skip(_ id: String, _ title: String, because reason: String) -> ValidationCheck {
    ValidationCheck(id: id, title: title, status: .skipped, detail: reason)
  }
}
