import XCTest

@testable import CatalogueHost

/// An algorithm's declared default problem may carry problem parameters after `?`; `-p` always wins.
final class DefaultProblemTests: XCTestCase {
  func testPlainReferenceHasNoParameters() {
    let declaration = DefaultProblem(parsing: "org.catalogue.memformer/icl-regression")
    XCTAssertEqual(declaration.reference, "org.catalogue.memformer/icl-regression")
    XCTAssertEqual(declaration.parameters, [])
  }

  func testParametersAfterTheMarkAreProblemScoped() {
    let declaration = DefaultProblem(parsing: "icl-regression?covariance=isotropic; task_prior = identity;;n=")
    XCTAssertEqual(declaration.reference, "icl-regression")
    XCTAssertEqual(
      declaration.parameters,
      [
        ParameterAssignment(scope: .problem, key: "covariance", value: "isotropic"),
        ParameterAssignment(scope: .problem, key: "task_prior", value: "identity"),
        ParameterAssignment(scope: .problem, key: "n", value: ""),
      ])
    XCTAssertEqual(declaration.parameters.map(\.description)[0], "problem.covariance=isotropic")
  }

  func testUserParametersOverrideDeclaredOnes() {
    let declaration = DefaultProblem(parsing: "icl-regression?covariance=isotropic;n=20;d=5")
    let kept = declaration.parameters(notIn: ["covariance=code", "problem.n=10", "algorithm.d=3", "lr=0.1"])
    // A bare or problem-scoped key replaces the declared value; an algorithm-scoped one does not.
    XCTAssertEqual(kept.map(\.key), ["d"])
  }
}
