import CatalogueHost
import XCTest

@testable import CatalogueAuthoring

/// `new-plugin`'s names, files and checks (building and validating the result is an integration test).
final class PluginScaffoldTests: XCTestCase {
  var repository: String {
    var path = #filePath
    for _ in 0..<3 { path = FileSystem.directory(of: path) }
    return path
  }

  func testNamesAreCheckedAndTranslated() throws {
    let scaffold = try PluginScaffold(name: "my-method2", language: .swift, catalogueRoot: repository)
    XCTAssertEqual(scaffold.moduleName, "MyMethod2")
    XCTAssertEqual(scaffold.cName, "my_method2")
    for bad in ["", "My", "2fast", "a_b", "a-", "x y", String(repeating: "a", count: 41)] {
      XCTAssertThrowsError(try PluginScaffold(name: bad, language: .c, catalogueRoot: repository), bad)
    }
    XCTAssertThrowsError(try PluginScaffold(name: "ok", language: .c, catalogueRoot: "/")) { error in
      XCTAssertTrue("\(error)".contains("--catalogue"), "\(error)")
    }
  }

  func testFilesOfEachLanguage() throws {
    let swift = try PluginScaffold(name: "demo", language: .swift, catalogueRoot: repository).files()
    XCTAssertEqual(
      swift.map(\.path),
      [
        "Package.swift", "plugin.map", "README.md", ".gitignore", "Sources/Demo/Entry.swift",
        "Sources/Demo/Method.swift",
        "Sources/Demo/DiagonalQuadratic.swift",
      ])
    let package = swift[0].contents
    XCTAssertTrue(package.contains(#".package(name: "catalogue", path: "\#(repository)")"#), package)
    XCTAssertTrue(package.contains(#"\(Context.packageDirectory)/plugin.map"#), package)
    XCTAssertTrue(swift[4].contents.contains(#"id: "org.example.demo""#))
    let c = try PluginScaffold(name: "demo-c", language: .c, catalogueRoot: repository).files()
    XCTAssertEqual(c.map(\.path), ["Makefile", "demo_c.c", "README.md", ".gitignore", "include/catalogue.h"])
    XCTAssertTrue(c[0].contents.contains("\t$(CC) $(PLUGIN_CFLAGS)"), "recipes need tabs")
    XCTAssertTrue(c[1].contents.contains(#".id = "demo-c-quadratic""#))
    XCTAssertEqual(c[4].contents, try FileSystem.readText(FileSystem.join(repository, PluginScaffold.headerPath)))
  }

  /// Without a source tree a C plugin gets the header embedded in the executable (the one it was built with); a
  /// Swift plugin, which depends on the SDK package, is refused with what to pass.
  func testWithoutASourceTreeCGetsTheEmbeddedHeaderAndSwiftIsRefused() throws {
    let header = try FileSystem.readText(FileSystem.join(repository, PluginScaffold.headerPath))
    XCTAssertEqual(PluginScaffold.embeddedHeader, header)
    let c = try PluginScaffold(name: "demo-c", language: .c, catalogueRoot: nil).files()
    XCTAssertEqual(c.last?.path, "include/catalogue.h")
    XCTAssertEqual(c.last?.contents, header)
    XCTAssertThrowsError(try PluginScaffold(name: "demo", language: .swift, catalogueRoot: nil)) { error in
      XCTAssertTrue("\(error)".contains("pass --catalogue PATH"), "\(error)")
      XCTAssertTrue("\(error)".contains("--lang c"), "\(error)")
    }
  }

  func testTheCatalogueRootIsFoundAboveABuildFolder() {
    XCTAssertEqual(PluginScaffold.findCatalogueRoot(from: "\(repository)/.build/debug/catalogue"), repository)
    XCTAssertNil(PluginScaffold.findCatalogueRoot(from: "/usr/bin/catalogue"))
  }

  func testItRefusesAFolderInUse() throws {
    let folder = FileSystem.join(NSTemporaryDirectory(), "scaffold-\(UUID().uuidString)")
    try FileSystem.makeDirectories(folder)
    addTeardownBlock { FileSystem.removeTree(folder) }
    try FileSystem.writeAtomically([1], to: FileSystem.join(folder, "taken"))
    let scaffold = try PluginScaffold(name: "demo", language: .c, catalogueRoot: repository)
    XCTAssertThrowsError(try scaffold.write(into: folder)) { error in
      XCTAssertTrue("\(error)".contains("not empty"), "\(error)")
    }
  }
}
