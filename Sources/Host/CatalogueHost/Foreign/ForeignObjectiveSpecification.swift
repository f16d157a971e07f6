/// What `catalogue run --objective LIB:SYMBOL --signature SIG [--gradient SYMBOL] [--gradient-signature SIG]
/// [--dim N] [--x0 VALUES]` asks for, checked without loading the library.
///
/// Planning happens in the host, where no foreign code may run (the library is loaded by the run worker), so this
/// type checks everything it can from the outside: the signatures parse, the dimension and start point agree,
/// the file is a shared library for this machine that exports the symbols, and its permissions are safe.
public struct ForeignObjectiveSpecification: Equatable, Sendable, Codable {
  /// The library's absolute path.
  public var library: String
  /// The objective's symbol.
  public var symbol: String
  /// The objective's signature as typed.
  public var signatureText: String
  /// The gradient's symbol, if any (otherwise central differences).
  public var gradientSymbol: String?
  /// The gradient's signature as typed, or nil for the one implied by the objective's.
  public var gradientSignatureText: String?
  /// The start point (its length is the dimension).
  public var start: [Double]

  /// The objective's signature.
  public var signature: ForeignSignature {
    get throws(CatalogueError) { try ForeignSignature(parsing: signatureText, for: .value) }
  }

  /// The gradient's signature, if a gradient symbol was given.
  public var gradientSignature: ForeignSignature? {
    get throws(CatalogueError) {
      guard gradientSymbol != nil else { return nil }
      if let text = gradientSignatureText { return try ForeignSignature(parsing: text, for: .gradient) }
      return try signature.impliedGradient
    }
  }

  /// The dimension n.
  public var dimension: Int { start.count }

  /// `library:symbol`, as messages name the objective.
  public var name: String { "\(FileSystem.fileName(of: library)):\(symbol)" }

  /// Builds and checks a specification from the command line's texts.
  ///
  /// - Parameters:
  ///   - objective: `LIB:SYMBOL` (the library path may be relative to `currentDirectory`).
  ///   - dimension: `--dim`, or nil to take it from `start`.
  ///   - start: `--x0`: comma-separated values, or one value for every coordinate; zeros when nil.
  public init(
    objective: String, signature: String?, gradient: String?, gradientSignature: String?, dimension: Int?,
    start: String?, currentDirectory: String, allowInsecure: Bool
  ) throws(CatalogueError) {
    guard let colon = objective.lastIndex(of: ":"), colon != objective.startIndex,
      colon != objective.index(before: objective.endIndex)
    else {
      throw .usage("--objective '\(objective)' must be LIBRARY:SYMBOL, e.g. ./libmine.so:rosenbrock")
    }
    let path = String(objective[..<colon])
    symbol = String(objective[objective.index(after: colon)...])
    guard let signature else {
      throw .usage(
        "--objective needs --signature, e.g. --signature 'double(const double*, int64)' (see docs/authoring.md)")
    }
    signatureText = signature
    gradientSymbol = gradient
    gradientSignatureText = gradientSignature
    if gradient == nil && gradientSignature != nil {
      throw .usage("--gradient-signature needs --gradient SYMBOL")
    }
    let absolute = path.hasPrefix("/") ? path : FileSystem.join(currentDirectory, path)
    guard let real = FileSystem.realPath(absolute), FileSystem.kind(of: real) == .file else {
      throw .usage("--objective: no such library file \(path)")
    }
    library = real

    var values: [Double] = []
    if let start {
      for part in start.split(separator: ",", omittingEmptySubsequences: false) {
        let text = String(part.trimmingSpaces)
        switch DecimalNumber.parse(text) {
        case .success(let value): values.append(value)
        case .failure(.malformed):
          throw .usage(
            "--x0: '\(EchoedText.show(text))' is not a finite number (write comma-separated values, e.g. --x0 -1.2,1)")
        case .failure(let failure): throw .usage("--x0: '\(EchoedText.show(text))' \(failure.reason)")
        }
      }
    }
    if let n = dimension {
      try Self.checkDimension(n, signatures: [try ForeignSignature(parsing: signature, for: .value)])
    }
    switch (dimension, values.count) {
    case (nil, 0):
      throw .usage("--objective needs the number of variables: give --dim N or a start point --x0 v1,v2,...")
    case (let n?, _) where n < 1:
      throw .usage("--dim must be at least 1 (got \(n))")
    case (let n?, 0): values = Array(repeating: 0, count: n)
    case (let n?, 1) where n > 1: values = Array(repeating: values[0], count: n)
    case (let n?, let count) where n != count:
      throw .usage("--x0 has \(count) values but --dim is \(n); give n values or a single one")
    default: break
    }
    self.start = values
    try Self.checkDimension(
      values.count, signatures: [try self.signature] + [try self.gradientSignature].compactMap { $0 })
    try checkLibrary(allowInsecure: allowInsecure)
  }

  /// The largest n the host accepts: a vector of n doubles is 8n bytes and a run holds several (the start point,
  /// the host's scratch copies, the algorithm's iterates), so 2^27 (1 GiB per vector) is already more than a
  /// foreign objective called through libffi can be optimised over in a reasonable time.
  public static let maximumDimension = 1 << 27

  /// Checks n against the memory bound and against the width of the signatures' integer n, before anything of
  /// size n is allocated (Tests/IntegrationTests/ForeignObjectiveTests.swift).
  static func checkDimension(_ n: Int, signatures: [ForeignSignature]) throws(CatalogueError) {
    for signature in signatures {
      for argument in signature.arguments {
        guard argument.role == .dimension, case .integer(let bits, let signed, _) = argument.type, bits < 64 else {
          continue
        }
        let largest = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1
        if n > largest {
          throw .usage(
            "--dim \(n) does not fit the signature's \(signed ? "" : "unsigned ")\(bits)-bit integer n (at most "
              + "\(largest)); declare n as int64 in --signature if the function takes a 64-bit integer")
        }
      }
    }
    guard n <= maximumDimension else {
      throw .usage(
        "--dim \(n) is too large: at most \(maximumDimension) variables (each vector of n doubles takes 8n bytes)")
    }
  }

  /// Checks the library without loading it: permissions, ELF format, and that it exports the symbols.
  private func checkLibrary(allowInsecure: Bool) throws(CatalogueError) {
    if !allowInsecure, let problem = PluginFileSecurity.problem(realPath: library) {
      throw .usage("--objective \(library): \(PluginFileSecurity.refusal(problem))")
    }
    let elf: ELFFile
    do {
      elf = try ELFFile(contentsOf: library)
    } catch {
      throw .usage("--objective \(library): \(error.description)")
    }
    for name in [symbol] + (gradientSymbol.map { [$0] } ?? []) {
      guard let found = elf.dynamicSymbols.first(where: { $0.name == name && $0.isExported }) else {
        let functions = elf.dynamicSymbols.filter { $0.isExported && $0.isFunction }.map(\.name).sorted()
        let list = functions.prefix(12).joined(separator: ", ") + (functions.count > 12 ? ", ..." : "")
        throw .usage(
          "symbol '\(name)' is not exported by \(library) (its functions: \(list.isEmpty ? "none" : list)); "
            + "Fortran compilers usually append '_' (e.g. \(name)_)")
      }
      guard found.isFunction else { throw .usage("symbol '\(name)' in \(library) is not a function") }
    }
  }

  /// The specification as `result.json` records it (`problem.objective`, written by `ResultDocument`).
  public var json: JSONValue {
    .object([
      "library": .string(library), "symbol": .string(symbol), "signature": .string(signatureText),
      "gradient": .text(gradientSymbol), "gradient_signature": .text(gradientSignatureText),
      "x0": .array(start.map { .double($0) }),
    ])
  }

  /// The same names in the worker's plan and in `result.json`.
  enum CodingKeys: String, CodingKey {
    case library, symbol
    case signatureText = "signature"
    case gradientSymbol = "gradient"
    case gradientSignatureText = "gradient_signature"
    case start = "x0"
  }

  /// Re-checks a specification read back from a `result.json` for `run --config`: the signatures still parse and
  /// the library is still a safe shared library exporting the symbols.
  public func rechecked(allowInsecure: Bool) throws(CatalogueError) -> ForeignObjectiveSpecification {
    try Self.checkDimension(dimension, signatures: [try signature] + [try gradientSignature].compactMap { $0 })
    try checkLibrary(allowInsecure: allowInsecure)
    return self
  }
}
