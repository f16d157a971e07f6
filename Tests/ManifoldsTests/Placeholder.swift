import XCTest

final class ManifoldsTestsPlaceholder: XCTestCase {}
