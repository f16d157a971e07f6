import XCTest

final class LinearAttentionTestsPlaceholder: XCTestCase {}
