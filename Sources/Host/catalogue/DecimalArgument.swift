import CatalogueHost

/// Reads a command-line number (`--time-limit`, `--watchdog`, `--grad-tol`, `--target`) as `DecimalNumber` does a
/// parameter: decimal only, so `0x10`, `inf`, `1e-400` and `1e400` are refused with their reason instead of
/// becoming 16, infinity or 0 and failing a range check with a misleading message.
enum DecimalArgument {
  /// Why a value was refused; ArgumentParser prints it after the option's name.
  struct Refusal: Error, CustomStringConvertible {
    var description: String
  }

  /// The value, or a refusal saying why there is none.
  static func parse(_ text: String) throws -> Double {
    switch DecimalNumber.parse(text) {
    case .success(let value): return value
    case .failure(let failure): throw Refusal(description: "'\(EchoedText.show(text))' \(failure.reason)")
    }
  }
}
