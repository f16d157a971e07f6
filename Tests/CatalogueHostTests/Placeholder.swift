import XCTest

final class CatalogueHostTestsPlaceholder: XCTestCase {}
