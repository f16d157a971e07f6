import XCTest

@testable import CatalogueHost

final class FormattingTests: XCTestCase {
  func testShortestRoundTripNumbers() {
    let cases: [(Double, String)] = [
      (0, "0.0"), (1, "1.0"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-5, "1e-05"), (1e16, "1e+16"),
      (123456.789, "123456.789"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
      (1.0 / 3.0, "0.3333333333333333"),
    ]
    for (value, text) in cases { XCTAssertEqual(NumberFormat.shortest(value), text) }
    for value in [0.1, 1.0 / 3.0, 6.02214076e23, 5e-324, .pi, 1.7976931348623157e308] {
      XCTAssertEqual(Double(NumberFormat.shortest(value)), value, "round trip of \(value)")
    }
  }

  func testCompactAndBriefForms() {
    XCTAssertEqual(NumberFormat.compact(0), "0")
    XCTAssertEqual(NumberFormat.compact(-1), "-1")
    XCTAssertEqual(NumberFormat.compact(0.5), "0.5")
    XCTAssertEqual(NumberFormat.brief(0.0012345), "0.001235")
    XCTAssertEqual(NumberFormat.brief(1234.5), "1234.5".count > 0 ? "1234.500".prefix(0) + "1235" : "")
    XCTAssertEqual(NumberFormat.brief(1.5e-7), "1.500e-07")
    XCTAssertEqual(NumberFormat.brief(-2.5e9), "-2.500e+09")
    XCTAssertEqual(NumberFormat.fixed(2.0005, digits: 2), "2.00")
    XCTAssertEqual(NumberFormat.fixed(-0.004, digits: 2), "0.00")
    XCTAssertEqual(NumberFormat.duration(0.0123), "0.012 s")
    XCTAssertEqual(NumberFormat.duration(125), "2 min 5 s")
  }

  func testJSONWriterSortsKeysIndentsAndEscapes() {
    let document: JSONValue = .object([
      "b": .array([.integer(1), .double(0.5), .null]),
      "a": .string("quote \" backslash \\ newline \n tab \t bell \u{07} é"),
      "c": .object(["z": .bool(true), "y": .array([]), "x": .object([:])]),
      "d": .double(.infinity),
      "e": .unsigned(.max),
      "f": .array([.object(["k": .integer(-3)])]),
    ])
    let expected = """
      {
        "a": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 é",
        "b": [1, 0.5, null],
        "c": {
          "x": {},
          "y": [],
          "z": true
        },
        "d": null,
        "e": 18446744073709551615,
        "f": [
          {
            "k": -3
          }
        ]
      }

      """
    XCTAssertEqual(document.prettyText, expected)
    XCTAssertEqual(
      JSONValue.object(["b": .integer(1), "a": .array([.string("x"), .null])]).compactText, #"{"a":["x",null],"b":1}"#)
  }

  /// Reading goes through Foundation's decoder, which keeps 64-bit integers and shortest doubles exact but reads
  /// an integral number as an integer whether or not it was written with a fraction.
  func testJSONValueReadsBackWhatTheWriterWrites() throws {
    let document: JSONValue = .object([
      "seed": .unsigned(18_446_744_073_709_551_615), "negative": .integer(.min), "real": .double(1e-5),
      "text": .string("é \"q\" \u{1F600} \n"), "list": .array([.bool(false), .null, .object([:])]),
    ])
    XCTAssertEqual(try JSONValue.parse(document.prettyText), document)
    XCTAssertEqual(try JSONValue.parse(document.compactText), document)
    XCTAssertEqual(try JSONValue.parse(#""\ud83d\ude00 \u00e9""#), .string("\u{1F600} é"))
    XCTAssertEqual(try JSONValue.parse(" [1.5e2, -0, 2E-1] "), .array([.integer(150), .integer(0), .double(0.2)]))
    XCTAssertEqual(try JSONValue.parse(JSONValue.double(0.1 + 0.2).compactText), .double(0.1 + 0.2))
  }

  /// (Foundation's decoder tolerates a trailing comma, so "[1,]" is not among them.)
  func testInvalidDocumentsAreRejected() {
    for bad in ["", "{", "{\"a\" 1}", "01", "1.", "\"unterminated", "tru", "[1] 2", "\"\u{01}\""] {
      XCTAssertThrowsError(try JSONValue.parse(bad), bad)
    }
  }

  func testTextTableAlignsColumns() {
    let table = TextTable(header: ["ID", "VERSION"], rows: [["gd", "1.0.0"], ["heavy-ball", "10.2.0"]])
    XCTAssertEqual(table.text, "ID          VERSION\ngd          1.0.0\nheavy-ball  10.2.0\n")
  }

  /// Widths count characters, not bytes; trailing spaces (padding and the last cell's own) are trimmed; rows may be
  /// shorter than the header.
  func testTextTableCountsCharactersAndTrimsLines() {
    let table = TextTable(
      header: ["A", "B", "C"], rows: [["Ré", "x", "end  "], ["é\u{301}t", ""], ["abcd", "y", "z"], []])
    XCTAssertEqual(table.text, "A     B  C\nRé    x  end\né\u{301}t\nabcd  y  z\n\n")
    XCTAssertEqual(TextTable(rows: [["only"]]).text, "only\n")
  }

  /// The short form the plugins table shows: each author's last word, split at ",", "&" and " and ".
  func testCitationShortForm() {
    func short(_ authors: String, _ year: UInt32 = 2024) -> String {
      Citation(year: year, authors: authors, title: "", venue: "", arxivID: nil, url: nil).short
    }
    XCTAssertEqual(short("Dutta, Cheng, Sra"), "Dutta et al. 2024")
    XCTAssertEqual(short("A. Smith and B. Jones"), "Smith & Jones 2024")
    XCTAssertEqual(short("Smith & Jones"), "Smith & Jones 2024")
    XCTAssertEqual(short("Ada Lovelace", 0), "Lovelace")
    XCTAssertEqual(short(""), "? 2024")
    XCTAssertEqual(short(" , & and "), "? 2024")
    XCTAssertEqual(short("Alexander Anderson, Sandy Band"), "Anderson & Band 2024", "'and' inside words")
    XCTAssertEqual(short("X and and Y"), "X & Y 2024", "left to right: ' and ' then 'and Y'")
    XCTAssertEqual(short("Li,Wang&Zhao and  Sun"), "Li et al. 2024")
    XCTAssertEqual(short("Émile Borel and Jürgen Moser"), "Borel & Moser 2024")
  }
}
