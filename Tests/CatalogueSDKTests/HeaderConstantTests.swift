import CCatalogue
import CatalogueSDK
import XCTest

/// The SDK spells the header's enums as Swift enums and option sets with literal raw values (so they read well in
/// plugin code); each value is pinned here to the `CAT_*` constant it mirrors, so an edit on either side that
/// breaks the ABI fails a test instead of a plugin at run time.
final class HeaderConstantTests: XCTestCase {
  func testProblemKindsMatchCATKind() {
    let pairs: [(ProblemKind, Int)] = [
      (.objective, CAT_KIND_OBJECTIVE), (.bilevel, CAT_KIND_BILEVEL), (.sampling, CAT_KIND_SAMPLING),
      (.regressionTasks, CAT_KIND_REGRESSION_TASKS), (.graphs, CAT_KIND_GRAPHS),
    ]
    XCTAssertEqual(pairs.count, ProblemKind.allCases.count)
    for (kind, constant) in pairs { XCTAssertEqual(Int(kind.rawValue), constant, "\(kind)") }
  }

  func testNeedsBitsMatchCATNeeds() {
    let pairs: [(Needs, Int)] = [
      (.samples, CAT_NEEDS_SAMPLES), (.hessianVector, CAT_NEEDS_HESSIAN_VECTOR), (.geometry, CAT_NEEDS_GEOMETRY),
      (.projection, CAT_NEEDS_PROJECTION), (.constraints, CAT_NEEDS_CONSTRAINTS),
      (.lowerSolution, CAT_NEEDS_LOWER_SOLUTION), (.lowerHessian, CAT_NEEDS_LOWER_HESSIAN),
      (.euclidean, CAT_NEEDS_EUCLIDEAN), (.unconstrained, CAT_NEEDS_UNCONSTRAINED),
    ]
    for (needs, constant) in pairs { XCTAssertEqual(Int(needs.rawValue), constant) }
    // Every bit the header defines has a Swift name (no two names share a bit).
    XCTAssertEqual(pairs.reduce(0) { $0 | $1.1 }, (1 << pairs.count) - 1)
  }

  func testTerminationMatchesCATTerm() {
    XCTAssertEqual(Int(Termination.converged.rawValue), CAT_TERM_CONVERGED)
    XCTAssertEqual(Int(Termination.completed.rawValue), CAT_TERM_COMPLETED)
  }

  func testLogLevelsAndOraclesMatchTheHeader() {
    XCTAssertEqual(Int(Run.LogLevel.debug.rawValue), CAT_LOG_DEBUG)
    XCTAssertEqual(Int(Run.LogLevel.info.rawValue), CAT_LOG_INFO)
    XCTAssertEqual(Int(Run.LogLevel.warning.rawValue), CAT_LOG_WARNING)
    let oracles: [(Run.Oracle, Int)] = [
      (.value, CAT_ORACLE_VALUE), (.gradient, CAT_ORACLE_GRADIENT), (.sampleGradient, CAT_ORACLE_SAMPLE_GRADIENT),
      (.hessianVector, CAT_ORACLE_HESSIAN_VECTOR), (.innerStep, CAT_ORACLE_INNER_STEP),
    ]
    XCTAssertEqual(oracles.count, CAT_ORACLE_COUNT)
    for (oracle, constant) in oracles { XCTAssertEqual(Int(oracle.rawValue), constant, "\(oracle)") }
  }

  func testStatusCodesMatchCATErr() {
    let pairs: [(PluginError.Code, Int)] = [
      (.invalidArgument, CAT_ERR_INVALID_ARGUMENT), (.unsupported, CAT_ERR_UNSUPPORTED),
      (.numerical, CAT_ERR_NUMERICAL), (.cancelled, CAT_ERR_CANCELLED), (.outOfMemory, CAT_ERR_OUT_OF_MEMORY),
      (.abi, CAT_ERR_ABI), (.internal, CAT_ERR_INTERNAL),
    ]
    for (code, constant) in pairs { XCTAssertEqual(Int(code.rawValue), constant, "\(code)") }
  }

  func testConstraintFormsAndAggregatesMatchTheHeader() {
    XCTAssertEqual(Int(ConstraintForm.none.rawValue), CAT_CONSTRAINTS_NONE)
    XCTAssertEqual(Int(ConstraintForm.equality.rawValue), CAT_CONSTRAINTS_EQUALITY)
    XCTAssertEqual(Int(ConstraintForm.inequality.rawValue), CAT_CONSTRAINTS_INEQUALITY)
    XCTAssertEqual(Int(Experiment.Aggregate.mean.rawValue), CAT_AGG_MEAN)
    XCTAssertEqual(Int(Experiment.Aggregate.median.rawValue), CAT_AGG_MEDIAN)
    XCTAssertEqual(Int(Experiment.Aggregate.max.rawValue), CAT_AGG_MAX)
    XCTAssertEqual(Int(Experiment.Aggregate.min.rawValue), CAT_AGG_MIN)
  }
}
