import XCTest

@testable import CatalogueHost

/// The signatures `--signature` accepts, the roles they give each argument, and the errors for the rest.
final class ForeignSignatureTests: XCTestCase {
  func roles(_ text: String, _ purpose: ForeignSignature.Purpose = .value) throws -> [ForeignSignature.Role] {
    try ForeignSignature(parsing: text, for: purpose).arguments.map(\.role)
  }

  func testCStyleSignatures() throws {
    XCTAssertEqual(try roles("double(const double*, int64)"), [.point, .dimension])
    XCTAssertEqual(try roles("double (const double *x, int32_t n)"), [.point, .dimension])
    XCTAssertEqual(try roles("double(size_t n, const double x[])"), [.dimension, .point])
    XCTAssertEqual(try roles("void(const double*, double*, long)"), [.point, .output, .dimension])
    let signature = try ForeignSignature(parsing: "double(const double*, size_t)", for: .value)
    XCTAssertEqual(signature.result, .double)
    XCTAssertEqual(signature.arguments[1].type, .integer(bits: 64, signed: false, isPointer: false))
    XCTAssertEqual(signature.description, "double(const double*, size_t)")
  }

  func testFortranStyleSignatures() throws {
    XCTAssertEqual(try roles("double(double*, int32*)"), [.point, .dimension])
    XCTAssertEqual(try roles("void(int32* n, double* x, double* f)"), [.dimension, .point, .output])
    // Names fix roles whatever the order.
    XCTAssertEqual(try roles("void(double* f, int* n, double* x)"), [.output, .dimension, .point])
    let signature = try ForeignSignature(parsing: "void(int32* n, double* x, double* f)", for: .value)
    XCTAssertEqual(signature.arguments[0].type, .integer(bits: 32, signed: true, isPointer: true))
  }

  func testGradientSignatures() throws {
    XCTAssertEqual(try roles("void(const double*, double*, int64)", .gradient), [.point, .output, .dimension])
    XCTAssertEqual(try roles("void(double* g, double* x, int32 n)", .gradient), [.output, .point, .dimension])
    let implied = try ForeignSignature(parsing: "double(const double*, int64)", for: .value).impliedGradient
    XCTAssertEqual(implied.description, "void(const double*, double* g, int64)")
    let fortran = try ForeignSignature(parsing: "void(int32* n, double* x, double* f)", for: .value).impliedGradient
    XCTAssertEqual(fortran.description, "void(int32* n, double* x, double* g)")
  }

  func testMalformedSignaturesNameTheProblem() {
    let cases: [(String, ForeignSignature.Purpose, String)] = [
      ("double(const double*, int64", .value, "expected RESULT(ARGUMENTS)"),
      ("float(const double*)", .value, "result type must be double or void"),
      ("double(const float*, int64)", .value, "unsupported argument type 'float'"),
      ("double(double, int64)", .value, "passed by pointer"),
      ("double(int64)", .value, "no double* argument for the point x"),
      ("void(const double*, int64)", .value, "a void function needs a double* argument"),
      ("double(const double*, double*, int64)", .value, "no output argument"),
      ("void(const double*, int64)", .gradient, "needs a double* argument to write the gradient"),
      ("void(const double*, double*, double*, double*)", .gradient, "more double* arguments"),
      ("double(const double** x)", .value, "more than one level of pointer"),
      ("double(const double* y)", .value, "is not one of x"),
      ("void(const double* x, const double* f)", .value, "cannot be const"),
      ("double(double* n)", .value, "n must be an integer"),
    ]
    for (text, purpose, words) in cases {
      XCTAssertThrowsError(try ForeignSignature(parsing: text, for: purpose), text) { error in
        let message = (error as? CatalogueError)?.message ?? ""
        XCTAssertEqual((error as? CatalogueError)?.exitCode, 2)
        XCTAssertTrue(message.contains(words), "\(text): \(message)")
        XCTAssertTrue(message.hasPrefix("signature '\(text)'"), message)
      }
    }
  }
}
