/// A semantic version (MAJOR.MINOR.PATCH with optional pre-release and build metadata), ordered as semver.org says.
///
/// When two installed files carry the same plugin id, the host keeps both but resolves names to the newest, so the
/// order must be the one plugin authors expect: numeric fields compare numerically, a pre-release sorts before its
/// release, and build metadata is ignored.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The major version.
  public var major: UInt64
  /// The minor version.
  public var minor: UInt64
  /// The patch version.
  public var patch: UInt64
  /// Dot-separated pre-release identifiers (`["rc", "1"]` for `-rc.1`); empty for a release.
  public var prerelease: [String]
  /// Build metadata after `+`; kept for display, ignored by ordering and equality.
  public var build: String

  /// Parses "MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]"; nil if the text is not a semantic version.
  public init?(_ text: String) {
    var rest = Substring(text)
    if let plus = rest.firstIndex(of: "+") {
      build = String(rest[rest.index(after: plus)...])
      rest = rest[..<plus]
      guard !build.isEmpty else { return nil }
    } else {
      build = ""
    }
    if let dash = rest.firstIndex(of: "-") {
      let identifiers = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
      guard identifiers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) }) else { return nil }
      prerelease = identifiers.map(String.init)
      rest = rest[..<dash]
    } else {
      prerelease = []
    }
    let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
      let major = UInt64(numbers[0]), let minor = UInt64(numbers[1]), let patch = UInt64(numbers[2])
    else { return nil }
    self.major = major
    self.minor = minor
    self.patch = patch
  }

  /// Creates a release version from its numbers.
  public init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, prerelease: [String] = [], build: String = "") {
    self.major = major
    self.minor = minor
    self.patch = patch
    self.prerelease = prerelease
    self.build = build
  }

  public var description: String {
    var text = "\(major).\(minor).\(patch)"
    if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
    if !build.isEmpty { text += "+" + build }
    return text
  }

  public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch) && lhs.prerelease == rhs.prerelease
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch)
    hasher.combine(prerelease)
  }

  public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
      return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
    // A release sorts after every pre-release of the same numbers.
    if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
    for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
      switch (UInt64(left), UInt64(right)) {
      case let (l?, r?): return l < r
      case (.some, nil): return true  // numeric identifiers sort before alphanumeric ones
      case (nil, .some): return false
      case (nil, nil): return left < right
      }
    }
    return lhs.prerelease.count < rhs.prerelease.count
  }

  private static func isIdentifierCharacter(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || character == "-")
  }
}

extension Character {
  /// True for the ten ASCII digits only (unlike `isNumber`, which accepts other scripts' numerals).
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension SemanticVersion: Codable {
  /// Reads the version as its text ("1.2.0-beta+build").
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let version = SemanticVersion(text) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a version")
    }
    self = version
  }

  /// Writes the version as its text.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
