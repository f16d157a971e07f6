/// One typed parameter of an algorithm or problem family: the Swift face of `cat_param_desc`.
///
/// Declaring the schema as data lets the host validate every value (kind, bounds, finiteness) before the plugin
/// runs, show it in `catalogue info`, and record it in `result.json`, so a plugin never sees a bad value.
public struct Parameter: Sendable, Equatable {
  /// The value type and its constraints.
  public enum Kind: Sendable, Equatable {
    /// A finite double in [min, max] (either end may be excluded; infinite ends mean unbounded).
    case real(default: Double, min: Double, max: Double, minExclusive: Bool, maxExclusive: Bool)
    /// A 64-bit integer in min...max.
    case int(default: Int, min: Int, max: Int)
    /// A boolean.
    case bool(default: Bool)
    /// One of a fixed set of strings.
    case choice(default: String, choices: [String])
    /// Free text.
    case string(default: String)
  }

  /// Stable id, `[a-z0-9_]`, e.g. `step_size`.
  public var id: String
  /// The value type, default and bounds.
  public var kind: Kind
  /// One line for `catalogue info`.
  public var help: String
  /// A unit or scale hint such as `iterations`, or nil.
  public var unit: String?
  /// Whether the value is best swept on a log scale.
  public var logScale: Bool

  /// Creates a parameter from its parts; prefer the static constructors.
  public init(id: String, kind: Kind, help: String, unit: String? = nil, logScale: Bool = false) {
    self.id = id
    self.kind = kind
    self.help = help
    self.unit = unit
    self.logScale = logScale
  }

  /// A real parameter with optional bounds; `above`/`below` give exclusive bounds (e.g. a step size > 0).
  public static func real(
    _ id: String, default value: Double, min: Double = -.infinity, max: Double = .infinity,
    above: Double? = nil, below: Double? = nil, unit: String? = nil, logScale: Bool = false, help: String
  ) -> Parameter {
    Parameter(
      id: id,
      kind: .real(
        default: value, min: above ?? min, max: below ?? max, minExclusive: above != nil,
        maxExclusive: below != nil),
      help: help, unit: unit, logScale: logScale)
  }

  /// An integer parameter in `range`.
  public static func int(
    _ id: String, default value: Int, in range: ClosedRange<Int> = Int.min...Int.max, unit: String? = nil,
    help: String
  ) -> Parameter {
    Parameter(id: id, kind: .int(default: value, min: range.lowerBound, max: range.upperBound), help: help, unit: unit)
  }

  /// A boolean parameter.
  public static func bool(_ id: String, default value: Bool, help: String) -> Parameter {
    Parameter(id: id, kind: .bool(default: value), help: help)
  }

  /// A choice among fixed strings.
  public static func choice(_ id: String, default value: String, choices: [String], help: String) -> Parameter {
    Parameter(id: id, kind: .choice(default: value, choices: choices), help: help)
  }

  /// A free-text parameter.
  public static func string(_ id: String, default value: String, help: String) -> Parameter {
    Parameter(id: id, kind: .string(default: value), help: help)
  }
}
