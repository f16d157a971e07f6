import CatalogueHost

/// What `catalogue validate` found for one file, as text for people and JSON for scripts and CI.
public struct ValidationReport: Equatable, Sendable {
  /// The file validated (its real path).
  public var file: String
  /// Every check in the order run.
  public var checks: [ValidationCheck]

  /// Creates a report.
  public init(file: String, checks: [ValidationCheck]) {
    self.file = file
    self.checks = checks
  }

  /// True only if every check passed (a skipped check is not a pass).
  public var passed: Bool { checks.allSatisfy { $0.status == .passed } }

  /// True if the file could not be loaded as a plugin at all (its ELF form, loading, ABI negotiation or
  /// descriptors failed): the command then exits with 3, the code for a plugin that failed to load.
  public var failedToLoad: Bool {
    checks.contains { ["elf", "load", "abi", "descriptors", "permissions"].contains($0.id) && $0.status == .failed }
  }

  /// The exit code: 0 all passed, 3 the plugin does not load, 1 any other failure.
  public var exitCode: Int32 { passed ? 0 : failedToLoad ? 3 : 1 }

  /// Counts by status.
  public func count(_ status: ValidationCheck.Status) -> Int { checks.filter { $0.status == status }.count }

  /// The human report: one line per check, then the totals.
  public var text: String {
    let width = checks.map(\.id.count).max() ?? 0
    return Self.header(file) + checks.map { Self.line($0, width: width) }.joined() + totals
  }

  /// The first line of the human report.
  public static func header(_ file: String) -> String { "validate \(file)\n" }

  /// One check's line of the human report, its id padded to `width`.
  public static func line(_ check: ValidationCheck, width: Int) -> String {
    let id = check.id + String(repeating: " ", count: max(width - check.id.count, 0))
    switch check.status {
    case .passed: return "  pass  \(id)  \(check.detail)\n"
    case .failed: return "  FAIL  \(id)  \(check.detail) (expected: \(check.title))\n"
    case .skipped: return "  skip  \(id)  \(check.detail)\n"
    }
  }

  /// The last line of the human report.
  public var totals: String {
    "\(checks.count) checks: \(count(.passed)) passed, \(count(.failed)) failed, \(count(.skipped)) skipped\n"
  }

  /// The report as JSON.
  public var json: JSONValue {
    .object([
      "file": .string(file), "passed": .bool(passed),
      "counts": .object([
        "passed": .integer(Int64(count(.passed))), "failed": .integer(Int64(count(.failed))),
        "skipped": .integer(Int64(count(.skipped))),
      ]),
      "checks": .array(
        checks.map { check in
          .object([
            "id": .string(check.id), "title": .string(check.title), "status": .string(check.status.rawValue),
            "detail": .string(check.detail),
          ])
        }),
    ])
  }
}
