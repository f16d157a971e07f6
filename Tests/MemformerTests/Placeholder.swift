import XCTest

final class MemformerTestsPlaceholder: XCTestCase {}
