import XCTest

final class LinearAlgebraTestsPlaceholder: XCTestCase {}
