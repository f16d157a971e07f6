/// The C signature of a foreign objective or gradient, parsed from text such as
/// `double(const double*, int64)` or `void(int32* n, double* x, double* f)`.
///
/// The signature is known only at run time, so the host calls the function through libffi
/// (`ForeignFunction`); this type decides what goes into each argument. Supported (docs/authoring.md, "Foreign
/// objectives"):
/// - return type `double` (the value) or `void` (the value comes back through a pointer);
/// - `const double*` / `double*` (also written `double x[]`): the point x, then outputs;
/// - integers by value or by reference (`int32`/`int32_t`/`int`, `int64`/`int64_t`/`long`, `size_t`/`uint64`),
///   each receiving the dimension n. By-reference integers and pointers for everything make Fortran's
///   convention (`REAL*8 FUNCTION F(X, N)` is `double(double*, int32*)`).
/// Arguments may be named `x`, `n`, `f` (value output) or `g` (gradient output) to fix their roles; unnamed,
/// the first double pointer is x and the next one the output.
public struct ForeignSignature: Equatable, Sendable, CustomStringConvertible {
  /// What the function returns.
  public enum Result: String, Equatable, Sendable {
    case double
    case void
  }

  /// The C type of one argument.
  public enum ArgumentType: Equatable, Sendable {
    /// A pointer to doubles (`const` for an input).
    case doublePointer(isConst: Bool)
    /// An integer of this many bits, by value or through a pointer (`isPointer`).
    case integer(bits: Int, signed: Bool, isPointer: Bool)
  }

  /// What the host passes in an argument.
  public enum Role: Equatable, Sendable {
    /// The point x.
    case point
    /// The dimension n.
    case dimension
    /// Where the function writes its result (the value f, or the gradient).
    case output
  }

  /// One argument: its type, its role and its name as written (if any).
  public struct Argument: Equatable, Sendable {
    public var type: ArgumentType
    public var role: Role
    public var name: String?
  }

  /// The return type.
  public var result: Result
  /// The arguments in order.
  public var arguments: [Argument]

  /// The signature in a canonical spelling.
  public var description: String {
    let list = arguments.map { argument -> String in
      var text: String
      switch argument.type {
      case .doublePointer(let isConst): text = isConst ? "const double*" : "double*"
      case .integer(let bits, let signed, let isPointer):
        text = (signed ? "int\(bits)" : "size_t") + (isPointer ? "*" : "")
      }
      if let name = argument.name { text += " \(name)" }
      return text
    }
    return "\(result.rawValue)(\(list.joined(separator: ", ")))"
  }

  /// What the signature computes: the objective's value, or its gradient.
  public enum Purpose: Sendable {
    case value
    case gradient
  }

  /// Parses a signature; the error names the signature, the problem and the accepted forms.
  public init(parsing text: String, for purpose: Purpose) throws(CatalogueError) {
    func fail(_ problem: String) -> CatalogueError {
      .usage(
        "signature '\(text)': \(problem) (write e.g. 'double(const double*, int64)' or, Fortran style, "
          + "'void(int32* n, double* x, double* f)'; see docs/authoring.md)")
    }
    let tokens = Self.tokenize(text)
    guard let open = tokens.firstIndex(of: "("), tokens.last == ")" else {
      throw fail("expected RESULT(ARGUMENTS)")
    }
    switch tokens[..<open].joined(separator: " ") {
    case "double": result = .double
    case "void": result = .void
    case let other: throw fail("the result type must be double or void, not '\(other)'")
    }
    var parsed: [(ArgumentType, String?)] = []
    let inner = Array(tokens[(open + 1)..<(tokens.count - 1)])
    if !(inner.isEmpty || inner == ["void"]) {
      for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
        parsed.append(try Self.argument(Array(part), fail: fail))
      }
    }
    arguments = try Self.assignRoles(parsed, result: result, purpose: purpose, fail: fail)
  }

  /// Splits into identifiers and the punctuation `( ) , * [ ]`.
  private static func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    var word = ""
    for character in text {
      if character.isLetter || character.isNumber || character == "_" {
        word.append(character)
        continue
      }
      if !word.isEmpty {
        tokens.append(word)
        word = ""
      }
      if "(),*[]".contains(character) { tokens.append(String(character)) }
    }
    if !word.isEmpty { tokens.append(word) }
    return tokens
  }

  /// One argument's type and optional name from its tokens.
  private static func argument(_ tokens: [String], fail: (String) -> CatalogueError) throws(CatalogueError) -> (
    ArgumentType, String?
  ) {
    var words = tokens.filter { $0 != "*" && $0 != "[" && $0 != "]" }
    let pointers = tokens.filter { $0 == "*" }.count + tokens.filter { $0 == "[" }.count
    let isConst = words.first == "const"
    if isConst { words.removeFirst() }
    guard let base = words.first else { throw fail("an argument has no type") }
    let name = words.count > 1 ? words[1] : nil
    guard words.count <= 2 else { throw fail("cannot read argument '\(tokens.joined(separator: " "))'") }
    if let name, !["x", "n", "f", "g"].contains(name) {
      throw fail("argument name '\(name)' is not one of x (the point), n (its length), f (value out), g (gradient out)")
    }
    guard pointers <= 1 else { throw fail("'\(tokens.joined(separator: " "))' has more than one level of pointer") }
    switch base {
    case "double":
      guard pointers == 1 else { throw fail("a double is passed by pointer (double*), not by value") }
      return (.doublePointer(isConst: isConst), name)
    case "int32", "int32_t", "int":
      return (.integer(bits: 32, signed: true, isPointer: pointers == 1), name)
    case "int64", "int64_t", "long":
      return (.integer(bits: 64, signed: true, isPointer: pointers == 1), name)
    case "size_t", "uint64", "uint64_t":
      return (.integer(bits: 64, signed: false, isPointer: pointers == 1), name)
    default:
      throw fail("unsupported argument type '\(base)' (supported: double*, int32, int64, size_t, by value or pointer)")
    }
  }

  /// Gives each argument its role: names first, then order (first double pointer x, next the output).
  private static func assignRoles(
    _ parsed: [(ArgumentType, String?)], result: Result, purpose: Purpose, fail: (String) -> CatalogueError
  ) throws(CatalogueError) -> [Argument] {
    var arguments: [Argument] = []
    var pointers: [Int] = []
    for (index, (type, name)) in parsed.enumerated() {
      switch type {
      case .integer:
        if let name, name != "n" { throw fail("integer argument '\(name)' can only be n, the dimension") }
        arguments.append(Argument(type: type, role: .dimension, name: name))
      case .doublePointer:
        if name == "n" { throw fail("n must be an integer") }
        arguments.append(Argument(type: type, role: .point, name: name))
        pointers.append(index)
      }
    }
    let outputName = purpose == .value ? "f" : "g"
    let named = pointers.filter { arguments[$0].name != nil }
    var point = named.first { arguments[$0].name == "x" }
    var output = named.first { arguments[$0].name == outputName }
    for index in named where index != point && index != output {
      throw fail(
        "argument '\(arguments[index].name!)' has no role in a \(purpose == .value ? "value" : "gradient") function")
    }
    let unnamed = pointers.filter { arguments[$0].name == nil }
    var queue = unnamed[...]
    if point == nil { point = queue.popFirst() }
    let needsOutput = purpose == .gradient || result == .void
    if output == nil && needsOutput { output = queue.popFirst() }
    guard point != nil else { throw fail("no double* argument for the point x") }
    if needsOutput && output == nil {
      throw fail(
        purpose == .gradient
          ? "a gradient needs a double* argument to write the gradient to"
          : "a void function needs a double* argument to write the value to")
    }
    if !needsOutput && (output != nil || !queue.isEmpty) {
      throw fail("a function returning double takes no output argument, only x (and n)")
    }
    if !queue.isEmpty { throw fail("it has more double* arguments than x and one output") }
    if let output {
      arguments[output].role = .output
      if case .doublePointer(true) = arguments[output].type { throw fail("the output argument cannot be const") }
    }
    return arguments
  }

  /// The gradient signature assumed when only `--gradient` is given: the objective's arguments with its result
  /// (the return value, or the output pointer) replaced by a `double*` gradient output, returning void. For
  /// `double(const double*, int64)` that is `void(const double*, double*, int64)`; for Fortran's
  /// `void(int32*, double*, double*)` it is the same list.
  public var impliedGradient: ForeignSignature {
    var gradient = self
    gradient.result = .void
    for index in gradient.arguments.indices where gradient.arguments[index].role == .output {
      gradient.arguments[index].name = "g"
    }
    if result == .double, let point = arguments.firstIndex(where: { $0.role == .point }) {
      gradient.arguments.insert(
        Argument(type: .doublePointer(isConst: false), role: .output, name: "g"), at: point + 1)
    }
    return gradient
  }
}
