/// Reads a number a user typed in decimal, and says exactly what is wrong with one it cannot take.
///
/// `Double(String)` accepts hexadecimal (`0x10`, `0x1p-3`), `inf` and `nan`, and rounds `1e-400` to 0 and `1e400`
/// to infinity without a word, so a typo could become a different value and then fail a bound check with a
/// misleading message ("must be > 0"). This reader takes `[+-]digits[.digits][e[+-]digits]` (and `.5`, `5.`)
/// only, and turns each other case into its own reason.
public enum DecimalNumber {
  /// Why a text is not a usable number.
  public enum Failure: Error, Equatable {
    /// Not a decimal number at all.
    case malformed
    /// Hexadecimal notation (`0x…`).
    case hexadecimal
    /// `inf`, `infinity` or `nan`.
    case notFinite
    /// A non-zero number too large for a double (it would become infinite).
    case overflow
    /// A non-zero number too small for a double (it would become 0).
    case underflow

    /// Why, as the end of a sentence that starts with the value ("'0x10' …").
    public var reason: String {
      switch self {
      case .malformed: return "is not a decimal number"
      case .hexadecimal: return "is hexadecimal; write the number in decimal"
      case .notFinite: return "is not a finite number"
      case .overflow: return "is too large for a double (the largest is about 1.8e308)"
      case .underflow: return "is too small for a double and would round to 0 (the smallest positive is about 4.9e-324)"
      }
    }
  }

  /// The value of a decimal number, or why there is none.
  public static func parse(_ text: String) -> Result<Double, Failure> {
    var scalars = Substring(text).unicodeScalars[...]
    if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
    let body = String(String.UnicodeScalarView(scalars)).lowercased()
    if body.hasPrefix("0x") { return .failure(.hexadecimal) }
    if ["inf", "infinity", "nan"].contains(body) { return .failure(.notFinite) }
    guard let mantissaHasNonZero = checkGrammar(body), let value = Double(text) else { return .failure(.malformed) }
    if value.isInfinite { return .failure(.overflow) }
    if value == 0 && mantissaHasNonZero { return .failure(.underflow) }
    return .success(value)
  }

  /// Checks `digits[.digits][e[+-]digits]` (at least one mantissa digit); returns whether a mantissa digit is
  /// non-zero, or nil if the text does not follow the grammar.
  private static func checkGrammar(_ body: String) -> Bool? {
    var digits = 0
    var nonZero = false
    var seenPoint = false
    var index = body.unicodeScalars.startIndex
    let scalars = body.unicodeScalars
    while index < scalars.endIndex {
      let scalar = scalars[index]
      if scalar == "." && !seenPoint {
        seenPoint = true
      } else if ("0"..."9").contains(scalar) {
        digits += 1
        if scalar != "0" { nonZero = true }
      } else {
        break
      }
      index = scalars.index(after: index)
    }
    guard digits > 0 else { return nil }
    if index < scalars.endIndex {
      guard scalars[index] == "e" else { return nil }
      index = scalars.index(after: index)
      if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
        index = scalars.index(after: index)
      }
      var exponentDigits = 0
      while index < scalars.endIndex, ("0"..."9").contains(scalars[index]) {
        exponentDigits += 1
        index = scalars.index(after: index)
      }
      guard exponentDigits > 0, index == scalars.endIndex else { return nil }
    }
    return nonZero
  }
}
