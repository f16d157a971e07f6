import XCTest

final class LinconBilevelTestsPlaceholder: XCTestCase {}
