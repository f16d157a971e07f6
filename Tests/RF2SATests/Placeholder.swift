import XCTest

final class RF2SATestsPlaceholder: XCTestCase {}
