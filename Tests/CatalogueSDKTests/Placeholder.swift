import XCTest

final class CatalogueSDKTestsPlaceholder: XCTestCase {}
