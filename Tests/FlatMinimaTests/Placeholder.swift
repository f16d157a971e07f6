import XCTest

final class FlatMinimaTestsPlaceholder: XCTestCase {}
