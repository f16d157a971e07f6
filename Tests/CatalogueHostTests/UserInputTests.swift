import Foundation
import XCTest

@testable import CatalogueHost

/// The readers and quoting behind one-line usage errors: decimal numbers, echoed values, name suggestions, and
/// file errors that name the user's file.
final class UserInputTests: XCTestCase {
  func testDecimalNumbersAndEachReasonForRefusingOne() {
    for (text, value) in [
      ("1", 1.0), ("-2.5", -2.5), ("+.5", 0.5), ("5.", 5.0), ("1e6", 1e6), ("1E-3", 1e-3), ("0", 0), ("0e999", 0),
      ("-0.0", -0.0), ("1e-300", 1e-300), ("1.7976931348623157e308", .greatestFiniteMagnitude),
    ] {
      XCTAssertEqual(try DecimalNumber.parse(text).get(), value, text)
    }
    for (text, failure) in [
      ("0x10", DecimalNumber.Failure.hexadecimal), ("-0X1p3", .hexadecimal), ("inf", .notFinite),
      ("-Infinity", .notFinite), ("nan", .notFinite), ("1e400", .overflow), ("-1e309", .overflow),
      ("1e-400", .underflow), ("-0.0001e-330", .underflow), ("", .malformed), ("e5", .malformed), (".", .malformed),
      ("1e", .malformed), ("1e+", .malformed), ("1.2.3", .malformed), ("1 ", .malformed), ("--1", .malformed),
      ("1_000", .malformed), ("١", .malformed),
    ] {
      switch DecimalNumber.parse(text) {
      case .success(let value): XCTFail("\(text) parsed as \(value)")
      case .failure(let reason): XCTAssertEqual(reason, failure, text)
      }
    }
  }

  func testParametersNameTheReasonForUnusableNumbers() {
    let step = ParameterSpec(id: "step_size", kind: .real, defaultValue: .real(0.1), minReal: 0, minExclusive: true)
    let count = ParameterSpec(id: "n", kind: .int, defaultValue: .int(1))
    func message(_ spec: ParameterSpec, _ text: String) -> String {
      do {
        _ = try spec.parse(text, owner: "gd")
        return "accepted"
      } catch {
        return error.message
      }
    }
    XCTAssertEqual(
      message(step, "0x10"), "parameter 'step_size' of gd: '0x10' is hexadecimal; write the number in decimal")
    XCTAssertTrue(message(step, "1e-400").hasPrefix("parameter 'step_size' of gd: '1e-400' is too small for a double"))
    XCTAssertTrue(message(step, "1e400").hasPrefix("parameter 'step_size' of gd: '1e400' is too large for a double"))
    XCTAssertEqual(message(step, "0"), "parameter 'step_size' of gd must be > 0 (got 0)")
    XCTAssertEqual(message(count, "0x10"), "parameter 'n' of gd: '0x10' is hexadecimal; write the number in decimal")
    XCTAssertEqual(message(count, "1e6"), "accepted")
    XCTAssertEqual(
      message(count, "99999999999999999999"),
      "parameter 'n' of gd must be an integer in the 64-bit range (about ±9.2e18) (got 99999999999999999999)")
    XCTAssertEqual(message(count, "1.5"), "parameter 'n' of gd must be an integer (got 1.5)")
  }

  func testEchoedTextEscapesControlsAndCutsLongValues() {
    XCTAssertEqual(EchoedText.show("plain é ✓"), "plain é ✓")
    XCTAssertEqual(EchoedText.show("a\nb\tc\r\u{1B}[0m\u{0}\u{7F}\u{85}"), #"a\nb\tc\r\u{1B}[0m\u{00}\u{7F}\u{85}"#)
    let long = String(repeating: "ab", count: 50_000)
    let shown = EchoedText.show(long)
    XCTAssertEqual(shown, String(repeating: "ab", count: 100) + "… (99800 more bytes)")
    XCTAssertEqual(EchoedText.show(String(repeating: "x", count: EchoedText.limit)).count, EchoedText.limit)
  }

  func testSuggestionsAreNearestWithinATypo() {
    let names = ["gd", "nesterov", "adam", "heavy-ball", "step_size", "learning_rate", "fgd"]
    XCTAssertEqual(NameSuggestion.closest(to: "nesterv", in: names), "nesterov")
    XCTAssertEqual(NameSuggestion.closest(to: "adma", in: names), "adam", "a swap of neighbours is one edit")
    XCTAssertEqual(NameSuggestion.closest(to: "stepsize", in: names), "step_size")
    XCTAssertEqual(NameSuggestion.closest(to: "Heavy-Ball", in: names), "heavy-ball")
    XCTAssertEqual(NameSuggestion.closest(to: "learningrate", in: names), "learning_rate")
    XCTAssertNil(NameSuggestion.closest(to: "gd", in: names), "exact names are not suggested")
    XCTAssertNil(NameSuggestion.closest(to: "sd", in: names), "two-letter names are too short to guess")
    XCTAssertNil(NameSuggestion.closest(to: "lbfgs", in: names))
    XCTAssertNil(NameSuggestion.closest(to: String(repeating: "7", count: 100_000), in: names))
    XCTAssertEqual(NameSuggestion.hint(for: "nesterv", in: names), "; did you mean 'nesterov'?")
    XCTAssertEqual(NameSuggestion.hint(for: "zzzzzz", in: names), "")
  }

  /// `writeAtomically` writes a temporary file first; a failure names the file the user asked for.
  func testAtomicWriteErrorsNameTheFileNotItsTemporary() throws {
    let missing = FileSystem.join(NSTemporaryDirectory(), "no-such-folder-\(UUID().uuidString)/result.json")
    XCTAssertThrowsError(try FileSystem.writeAtomically([1, 2, 3], to: missing)) { error in
      let message = (error as? CatalogueError)?.message ?? "\(error)"
      XCTAssertTrue(message.contains(missing), message)
      XCTAssertFalse(message.contains(".tmp-"), message)
    }
  }
}
