import CCatalogue

/// One typed parameter of an algorithm or a problem, copied from a `cat_param_desc`.
///
/// The host validates every user-supplied value against this schema before any plugin code runs, so plugins can
/// trust the values they read and users get one-line errors naming the parameter and what it allows.
public struct ParameterSpec: Equatable, Sendable, Codable {
  /// Value kinds (`CAT_PARAM_*`).
  public enum Kind: String, Equatable, Sendable, Codable {
    /// A finite double.
    case real
    /// A 64-bit integer.
    case int
    /// true/false.
    case bool
    /// One of `choices`.
    case choice
    /// Free text.
    case string

    /// Maps a `cat_param_kind`; nil for a value this host does not know.
    public init?(raw: UInt32) {
      switch Int(raw) {
      case CAT_PARAM_REAL: self = .real
      case CAT_PARAM_INT: self = .int
      case CAT_PARAM_BOOL: self = .bool
      case CAT_PARAM_CHOICE: self = .choice
      case CAT_PARAM_STRING: self = .string
      default: return nil
      }
    }
  }

  /// Stable id, e.g. "step_size".
  public var id: String
  /// The value kind.
  public var kind: Kind
  /// One line of help.
  public var help: String
  /// Unit or scale hint, if any.
  public var unit: String?
  /// The lower bound itself is not allowed.
  public var minExclusive: Bool
  /// The upper bound itself is not allowed.
  public var maxExclusive: Bool
  /// Hint: sweep on a log scale.
  public var logScale: Bool
  /// Allowed values of a choice.
  public var choices: [String]
  /// The default value.
  public var defaultValue: ParameterValue
  /// Lower bound of a real (-infinity for none).
  public var minReal: Double
  /// Upper bound of a real (+infinity for none).
  public var maxReal: Double
  /// Lower bound of an int (`Int64.min` for none).
  public var minInt: Int64
  /// Upper bound of an int (`Int64.max` for none).
  public var maxInt: Int64

  /// Creates a schema entry; bounds default to none.
  public init(
    id: String, kind: Kind, help: String = "", unit: String? = nil, defaultValue: ParameterValue,
    minReal: Double = -.infinity, maxReal: Double = .infinity, minInt: Int64 = .min, maxInt: Int64 = .max,
    minExclusive: Bool = false, maxExclusive: Bool = false, logScale: Bool = false, choices: [String] = []
  ) {
    self.id = id
    self.kind = kind
    self.help = help
    self.unit = unit
    self.defaultValue = defaultValue
    self.minReal = minReal
    self.maxReal = maxReal
    self.minInt = minInt
    self.maxInt = maxInt
    self.minExclusive = minExclusive
    self.maxExclusive = maxExclusive
    self.logScale = logScale
    self.choices = choices
  }

  /// Parses and checks the text a user gave for this parameter. `owner` names the algorithm or problem in the
  /// message ("gd", "problem quadratic").
  public func parse(_ text: String, owner: String) throws(CatalogueError) -> ParameterValue {
    let value: ParameterValue
    switch kind {
    case .real:
      switch DecimalNumber.parse(text) {
      case .success(let number): value = .real(number)
      case .failure(.malformed): throw rejection(owner, "must be a finite real number", text)
      case .failure(let failure): throw unusable(owner, text, failure)
      }
    case .int:
      if let number = Int64(text) {
        value = .int(number)
      } else {
        switch DecimalNumber.parse(text) {
        case .success(let number) where number.rounded() == number && abs(number) < 0x1p63:
          value = .int(Int64(number))  // "1e6" is a fine way to write an iteration count
        case .success(let number) where number.rounded() == number:
          throw rejection(owner, "must be an integer in the 64-bit range (about ±9.2e18)", text)
        case .success, .failure(.malformed), .failure(.underflow):
          throw rejection(owner, "must be an integer", text)
        case .failure(let failure): throw unusable(owner, text, failure)
        }
      }
    case .bool:
      switch text.lowercased() {
      case "true", "1", "yes": value = .bool(true)
      case "false", "0", "no": value = .bool(false)
      default: throw rejection(owner, "must be true or false (or 1/0, yes/no)", text)
      }
    case .choice:
      guard choices.contains(text) else {
        let rejected = rejection(owner, "must be one of \(choices.joined(separator: ", "))", text)
        throw .usage(rejected.message + NameSuggestion.hint(for: text, in: choices))
      }
      value = .string(text)
    case .string:
      value = .string(text)
    }
    try check(value, owner: owner, given: text)
    return value
  }

  /// Checks a value's bounds (used for parsed values and for defaults, which a plugin may get wrong).
  public func check(_ value: ParameterValue, owner: String, given: String? = nil) throws(CatalogueError) {
    let inBounds: Bool
    switch value {
    case .real(let number):
      inBounds =
        (minExclusive ? number > minReal : number >= minReal) && (maxExclusive ? number < maxReal : number <= maxReal)
    case .int(let number):
      let lower = minInt == .min && !minExclusive ? true : (minExclusive ? number > minInt : number >= minInt)
      let upper = maxInt == .max && !maxExclusive ? true : (maxExclusive ? number < maxInt : number <= maxInt)
      inBounds = lower && upper
    case .bool, .string:
      inBounds = true
    }
    if !inBounds { throw rejection(owner, "must be \(boundsDescription ?? "within its bounds")", given ?? "\(value)") }
  }

  /// The allowed range in mathematical notation ("> 0", "in [1, 100]"), or nil if unbounded or not numeric.
  public var boundsDescription: String? {
    let lower: String?
    let upper: String?
    switch kind {
    case .real:
      lower = minReal.isFinite ? NumberFormat.compact(minReal) : nil
      upper = maxReal.isFinite ? NumberFormat.compact(maxReal) : nil
    case .int:
      lower = minInt == .min ? nil : String(minInt)
      upper = maxInt == .max ? nil : String(maxInt)
    default:
      return nil
    }
    switch (lower, upper) {
    case let (low?, high?): return "in \(minExclusive ? "(" : "[")\(low), \(high)\(maxExclusive ? ")" : "]")"
    case (let low?, nil): return "\(minExclusive ? ">" : ">=") \(low)"
    case (nil, let high?): return "\(maxExclusive ? "<" : "<=") \(high)"
    case (nil, nil): return nil
    }
  }

  /// What values are allowed, for `info`: the kind with bounds or choices.
  public var allowedDescription: String {
    switch kind {
    case .real, .int: return boundsDescription.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
    case .bool: return "bool"
    case .choice: return "choice of " + choices.joined(separator: ", ")
    case .string: return "string"
    }
  }

  private func rejection(_ owner: String, _ rule: String, _ given: String) -> CatalogueError {
    .usage("parameter '\(id)' of \(owner) \(rule) (got \(EchoedText.show(given)))")
  }

  /// A number written in a form the host does not take (hexadecimal, inf/nan) or that a double cannot hold.
  private func unusable(_ owner: String, _ given: String, _ failure: DecimalNumber.Failure) -> CatalogueError {
    .usage("parameter '\(id)' of \(owner): '\(EchoedText.show(given))' \(failure.reason)")
  }
}
