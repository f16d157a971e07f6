import CatalogueHost
import XCTest

@testable import CatalogueAuthoring

/// How `validate` reports, and the out-of-bounds values it probes each parameter with.
final class ValidationReportTests: XCTestCase {
  func testExitCodes() {
    let pass = ValidationCheck.pass("elf", "t", "ok")
    XCTAssertEqual(ValidationReport(file: "f", checks: [pass]).exitCode, 0)
    XCTAssertEqual(ValidationReport(file: "f", checks: [pass, .fail("run:gd", "t", "boom")]).exitCode, 1)
    XCTAssertEqual(ValidationReport(file: "f", checks: [.fail("load", "t", "dlopen")]).exitCode, 3)
    XCTAssertEqual(ValidationReport(file: "f", checks: [pass, .skip("x", "t", because: "y")]).exitCode, 1)
  }

  func testTextAndJSON() throws {
    let report = ValidationReport(
      file: "/p/libx.so",
      checks: [
        .pass("elf", "a library", "x86_64"), .fail("exports", "only the entry", "also foo"),
        .skip("load", "l", because: "b"),
      ])
    XCTAssertEqual(
      report.text,
      """
      validate /p/libx.so
        pass  elf      x86_64
        FAIL  exports  also foo (expected: only the entry)
        skip  load     b
      3 checks: 1 passed, 1 failed, 1 skipped

      """)
    let json = try JSONValue.parse(report.json.prettyText)
    XCTAssertEqual(json["passed"], .bool(false))
    XCTAssertEqual(json["counts"]?["failed"], .integer(1))
    XCTAssertEqual(json["checks"]?.arrayValue?[1]["status"], .string("fail"))
  }

  func testOutOfBoundsProbesViolateTheSchema() throws {
    let specs = [
      ParameterSpec(id: "step", kind: .real, defaultValue: .real(0.1), minReal: 0, maxReal: 1, minExclusive: true),
      ParameterSpec(id: "free", kind: .real, defaultValue: .real(0)),
      ParameterSpec(id: "dim", kind: .int, defaultValue: .int(5), minInt: 1, maxInt: 10),
      ParameterSpec(id: "open", kind: .int, defaultValue: .int(5)),
      ParameterSpec(id: "flag", kind: .bool, defaultValue: .bool(false)),
      ParameterSpec(id: "mode", kind: .choice, defaultValue: .string("a"), choices: ["a", "b"]),
    ]
    XCTAssertEqual(PluginValidator.outOfBounds(specs[0]), ["nan", "inf", "0.0", "2.0"])
    XCTAssertEqual(PluginValidator.outOfBounds(specs[1]), ["nan", "inf"])
    XCTAssertEqual(PluginValidator.outOfBounds(specs[2]), ["0.5", "0", "11"])
    XCTAssertEqual(PluginValidator.outOfBounds(specs[3]), ["0.5"])
    for spec in specs {
      for text in PluginValidator.outOfBounds(spec) {
        XCTAssertThrowsError(try spec.parse(text, owner: "a"), "\(spec.id)=\(text) should be rejected")
      }
    }
  }

  func testDeterminismComparesTracesBitForBitAndNotesResults() throws {
    func recording(_ values: [Double], result: Double) throws -> RunRecorder {
      let recorder = RunRecorder()
      try recorder.handle(.columns(["f"]))
      for (k, value) in values.enumerated() {
        try recorder.handle(
          .row(TraceRow(iteration: UInt64(k), values: [value], counters: OracleCounters(), elapsed: Double(k))))
      }
      try recorder.handle(.resultReal(key: "time_s", value: result))
      return recorder
    }
    let a = try recording([1, .nan, 0.5], result: 0.1)
    XCTAssertNil(PluginValidator.difference(a, try recording([1, .nan, 0.5], result: 0.2)), "timings may differ")
    XCTAssertEqual(
      PluginValidator.resultDifference(a, try recording([1, .nan, 0.5], result: 0.2)),
      "result time_s differs (0.1 vs 0.2)")
    XCTAssertNil(PluginValidator.resultDifference(a, try recording([1, .nan, 0.5], result: 0.1)))
    let changed = try XCTUnwrap(PluginValidator.difference(a, try recording([1, .nan, 0.5.nextUp], result: 0.1)))
    XCTAssertTrue(changed.hasPrefix("f at iteration 2: 0.5 vs 0.5000000000000001"), changed)
    XCTAssertEqual(
      PluginValidator.difference(a, try recording([1], result: 0.1)), "3 rows the first time, 1 the second")
  }
}
