import CatalogueHost
import XCTest

/// Every in-tree plugin's dynamic symbol table holds `catalogue_plugin_entry` and nothing else, as plugin.map asks.
///
/// With GNU gold (swiftc's default linker on Linux) the version script's `local: *` was not enough: Swift gives
/// public symbols protected visibility and reaches them through the GOT, and gold kept each such symbol in
/// `.dynsym` (as LOCAL, with a GLOB_DAT relocation) instead of resolving the slot at link time, so release
/// plugins listed 21–32 Swift type descriptors and functions besides the entry point. Plugins are linked with lld,
/// which resolves those slots itself; this test fails if a plugin is ever linked the old way again.
final class PluginSymbolTests: XCTestCase {
  /// The plugin products Package.swift declares (`pluginProduct("Name")`).
  private func pluginProducts() throws -> [String] {
    let manifest = try FileSystem.readText(FileSystem.join(TestEnvironment.repository, "Package.swift"))
    return manifest.split(separator: "\n").compactMap { line in
      guard let start = line.range(of: "pluginProduct(\""), !line.contains("func ") else { return nil }
      let rest = line[start.upperBound...]
      return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
  }

  func testInTreePluginsDefineOnlyTheEntryPointInTheirDynamicSymbolTable() throws {
    let products = try pluginProducts()
    XCTAssertFalse(products.isEmpty)
    for product in products {
      let path = FileSystem.join(TestEnvironment.binFolder, "lib\(product).so")
      let file = try ELFFile(contentsOf: path)
      let defined = file.dynamicSymbols.filter { $0.sectionIndex != 0 && !$0.name.isEmpty }.map(\.name)
      XCTAssertEqual(defined, ["catalogue_plugin_entry"], "lib\(product).so: \(defined.count) defined symbols")
    }
  }
}
