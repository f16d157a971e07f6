import XCTest

final class SeededRandomTestsPlaceholder: XCTestCase {}
