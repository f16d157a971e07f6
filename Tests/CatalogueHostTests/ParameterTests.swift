import XCTest

@testable import CatalogueHost

final class ParameterTests: XCTestCase {
  let step = ParameterSpec(
    id: "step_size", kind: .real, defaultValue: .real(0.1), minReal: 0, maxReal: 1, minExclusive: true)
  let iterations = ParameterSpec(
    id: "inner", kind: .int, defaultValue: .int(5), minInt: 1, maxInt: 10, maxExclusive: true)
  let flag = ParameterSpec(id: "nesterov", kind: .bool, defaultValue: .bool(false))
  let rule = ParameterSpec(id: "rule", kind: .choice, defaultValue: .string("fixed"), choices: ["fixed", "armijo"])
  let label = ParameterSpec(id: "label", kind: .string, defaultValue: .string("run"))

  var algorithm: ParameterOwner { ParameterOwner(label: "gd", specs: [step, iterations, flag, rule, label]) }
  var problem: ParameterOwner {
    ParameterOwner(
      label: "problem quadratic",
      specs: [
        ParameterSpec(id: "dim", kind: .int, defaultValue: .int(10), minInt: 1),
        ParameterSpec(id: "label", kind: .string, defaultValue: .string("q")),
      ])
  }

  /// The message of the usage error `body` throws, or nil if it throws none.
  func message(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch let error as CatalogueError {
      XCTAssertEqual(error.exitCode, 2)
      return error.message
    } catch {
      XCTFail("unexpected \(error)")
      return nil
    }
  }

  func testRealParsesFiniteNumbersOnly() throws {
    XCTAssertEqual(try step.parse("0.5", owner: "gd"), .real(0.5))
    XCTAssertEqual(try step.parse("1e-3", owner: "gd"), .real(0.001))
    XCTAssertEqual(
      message { _ = try step.parse("abc", owner: "gd") },
      "parameter 'step_size' of gd must be a finite real number (got abc)")
    XCTAssertNotNil(message { _ = try step.parse("inf", owner: "gd") })
    XCTAssertNotNil(message { _ = try step.parse("nan", owner: "gd") })
  }

  func testRealBoundsHonourExclusiveFlags() throws {
    XCTAssertEqual(
      message { _ = try step.parse("0", owner: "gd") }, "parameter 'step_size' of gd must be in (0, 1] (got 0)")
    XCTAssertEqual(try step.parse("1", owner: "gd"), .real(1))
    XCTAssertEqual(
      message { _ = try step.parse("-1", owner: "gd") }, "parameter 'step_size' of gd must be in (0, 1] (got -1)")
    let positive = ParameterSpec(id: "step_size", kind: .real, defaultValue: .real(1), minReal: 0, minExclusive: true)
    XCTAssertEqual(
      message { _ = try positive.parse("-1", owner: "gd") }, "parameter 'step_size' of gd must be > 0 (got -1)")
    let capped = ParameterSpec(id: "beta", kind: .real, defaultValue: .real(0.5), maxReal: 1, maxExclusive: true)
    XCTAssertEqual(message { _ = try capped.parse("1", owner: "adam") }, "parameter 'beta' of adam must be < 1 (got 1)")
    XCTAssertEqual(try capped.parse("-5", owner: "adam"), .real(-5))
    let inclusive = ParameterSpec(id: "rho", kind: .real, defaultValue: .real(0), minReal: 0)
    XCTAssertEqual(try inclusive.parse("0", owner: "sam"), .real(0))
    XCTAssertEqual(
      message { _ = try inclusive.parse("-0.5", owner: "sam") }, "parameter 'rho' of sam must be >= 0 (got -0.5)")
  }

  func testIntParsesIntegersAndIntegralExponents() throws {
    XCTAssertEqual(try iterations.parse("3", owner: "gd"), .int(3))
    XCTAssertEqual(try iterations.parse("1", owner: "gd"), .int(1))
    XCTAssertEqual(
      message { _ = try iterations.parse("2.5", owner: "gd") }, "parameter 'inner' of gd must be an integer (got 2.5)")
    XCTAssertEqual(
      message { _ = try iterations.parse("10", owner: "gd") }, "parameter 'inner' of gd must be in [1, 10) (got 10)")
    XCTAssertEqual(
      message { _ = try iterations.parse("0", owner: "gd") }, "parameter 'inner' of gd must be in [1, 10) (got 0)")
    let big = ParameterSpec(id: "n", kind: .int, defaultValue: .int(1))
    XCTAssertEqual(try big.parse("1e6", owner: "x"), .int(1_000_000))
    XCTAssertEqual(try big.parse("-9223372036854775808", owner: "x"), .int(.min))
  }

  func testBoolAcceptsTheDocumentedSpellings() throws {
    for text in ["true", "1", "yes", "TRUE", "Yes"] { XCTAssertEqual(try flag.parse(text, owner: "gd"), .bool(true)) }
    for text in ["false", "0", "no", "False"] { XCTAssertEqual(try flag.parse(text, owner: "gd"), .bool(false)) }
    XCTAssertEqual(
      message { _ = try flag.parse("maybe", owner: "gd") },
      "parameter 'nesterov' of gd must be true or false (or 1/0, yes/no) (got maybe)")
  }

  func testChoiceAndString() throws {
    XCTAssertEqual(try rule.parse("armijo", owner: "gd"), .string("armijo"))
    XCTAssertEqual(
      message { _ = try rule.parse("wolfe", owner: "gd") },
      "parameter 'rule' of gd must be one of fixed, armijo (got wolfe)")
    XCTAssertEqual(try label.parse("", owner: "gd"), .string(""))
    XCTAssertEqual(try label.parse("a=b c", owner: "gd"), .string("a=b c"))
  }

  func testAssignmentParsing() throws {
    XCTAssertEqual(
      try ParameterAssignment(parsing: "step_size=0.1"), ParameterAssignment(key: "step_size", value: "0.1"))
    XCTAssertEqual(
      try ParameterAssignment(parsing: "problem.dim=3"), ParameterAssignment(scope: .problem, key: "dim", value: "3"))
    XCTAssertEqual(
      try ParameterAssignment(parsing: "algorithm.label=x=y"),
      ParameterAssignment(scope: .algorithm, key: "label", value: "x=y"))
    XCTAssertEqual(
      message { _ = try ParameterAssignment(parsing: "step") }, "-p 'step' is not key=value (e.g. -p step_size=0.1)")
    XCTAssertNotNil(message { _ = try ParameterAssignment(parsing: "=1") })
    XCTAssertNotNil(message { _ = try ParameterAssignment(parsing: "solver.x=1") })
  }

  func resolve(_ texts: [String]) throws(CatalogueError) -> (ResolvedParameters, ResolvedParameters) {
    var assignments: [ParameterAssignment] = []
    for text in texts { assignments.append(try ParameterAssignment(parsing: text)) }
    let resolved = try ParameterResolver.resolve(assignments, algorithm: algorithm, problem: problem)
    return (resolved.algorithm, resolved.problem)
  }

  func testResolutionFillsDefaultsInSchemaOrder() throws {
    let (algorithmValues, problemValues) = try resolve(["step_size=0.5", "dim=3"])
    XCTAssertEqual(algorithmValues.entries.map(\.id), ["step_size", "inner", "nesterov", "rule", "label"])
    XCTAssertEqual(algorithmValues["step_size"], .real(0.5))
    XCTAssertEqual(algorithmValues.entries[0].isExplicit, true)
    XCTAssertEqual(algorithmValues["inner"], .int(5))
    XCTAssertEqual(algorithmValues.entries[1].isExplicit, false)
    XCTAssertEqual(problemValues["dim"], .int(3))
    XCTAssertEqual(problemValues["label"], .string("q"))
  }

  func testUnknownKeyNamesBothSchemas() {
    XCTAssertEqual(
      message { _ = try resolve(["no_such=1"]) },
      "gd has no parameter 'no_such' (parameters: step_size, inner, nesterov, rule, label; "
        + "problem quadratic: dim, label)")
    XCTAssertEqual(
      message { _ = try resolve(["problem.step_size=1"]) },
      "problem quadratic has no parameter 'step_size' (parameters: dim, label)")
    XCTAssertEqual(
      message { _ = try resolve(["algorithm.dim=1"]) },
      "gd has no parameter 'dim' (parameters: step_size, inner, nesterov, rule, label)")
  }

  func testAmbiguousKeyIsAnErrorAndScopesResolveIt() throws {
    let text = message { _ = try resolve(["label=x"]) }
    XCTAssertEqual(
      text,
      "parameter 'label' is ambiguous: both gd and problem quadratic have it; write -p algorithm.label=x or "
        + "-p problem.label=x")
    let (algorithmValues, problemValues) = try resolve(["algorithm.label=a", "problem.label=b"])
    XCTAssertEqual(algorithmValues["label"], .string("a"))
    XCTAssertEqual(problemValues["label"], .string("b"))
  }

  func testProblemParameterErrorsNameTheProblem() {
    XCTAssertEqual(message { _ = try resolve(["dim=0"]) }, "parameter 'dim' of problem quadratic must be >= 1 (got 0)")
  }

  func testConflictingRepeatsAreRejected() throws {
    XCTAssertNotNil(message { _ = try resolve(["step_size=0.1", "step_size=0.2"]) })
    XCTAssertEqual(try resolve(["step_size=0.1", "step_size=0.1"]).0["step_size"], .real(0.1))
  }

  func testInvalidDefaultIsReportedAsAPluginProblem() {
    let broken = ParameterOwner(
      label: "bad", specs: [ParameterSpec(id: "x", kind: .real, defaultValue: .real(-1), minReal: 0)])
    do {
      _ = try ParameterResolver.resolve([], algorithm: broken, problem: problem)
      XCTFail("expected an error")
    } catch {
      XCTAssertEqual(error.kind, .runFailed)
      XCTAssertTrue(error.message.contains("default for parameter 'x'"), error.message)
    }
  }

  func testBoundsDescriptions() {
    XCTAssertEqual(step.boundsDescription, "in (0, 1]")
    XCTAssertEqual(iterations.allowedDescription, "int in [1, 10)")
    XCTAssertEqual(rule.allowedDescription, "choice of fixed, armijo")
    XCTAssertNil(label.boundsDescription)
  }
}
