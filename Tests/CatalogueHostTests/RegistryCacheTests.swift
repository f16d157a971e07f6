import Glibc
import XCTest

@testable import CatalogueHost

/// The registry cache remembers each file's scan by its identity and forgets it when the file changes.
final class RegistryCacheTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileSystem.join(NSTemporaryDirectory(), "registry-cache-\(UUID().uuidString)")
    try FileSystem.makeDirectories(folder)
    addTeardownBlock { [folder] in FileSystem.removeTree(folder) }
  }

  func file(_ name: String, _ text: String) throws -> FileIdentity {
    let path = FileSystem.join(folder, name)
    try FileSystem.writeAtomically(Array(text.utf8), to: path)
    return try XCTUnwrap(FileIdentity.of(FileSystem.realPath(path)!))
  }

  func testOutcomesSurviveASaveAndALoad() throws {
    let cachePath = FileSystem.join(folder, "cache/registry.json")
    let a = try file("liba.so", "a")
    let b = try file("libb.so", "bb")
    var cache = RegistryCache.load(path: cachePath)
    XCTAssertEqual(cache.count, 0)
    cache.store(.failed("crashed while loading: SIGSEGV"), for: a)
    cache.store(.notPlugin("no symbol"), for: b)
    XCTAssertNil(cache.save())
    XCTAssertEqual(try FileSystem.contents(of: FileSystem.join(folder, "cache")), ["registry.json"], "no temp left")
    let loaded = RegistryCache.load(path: cachePath)
    XCTAssertEqual(loaded.count, 2)
    XCTAssertEqual(loaded.outcome(for: a), .failed("crashed while loading: SIGSEGV"))
    XCTAssertEqual(loaded.outcome(for: b), .notPlugin("no symbol"))
  }

  func testAChangedFileIsNotAnsweredFromTheCache() throws {
    let cachePath = FileSystem.join(folder, "registry.json")
    let original = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    cache.store(.failed("hung"), for: original)
    var touched = original
    touched.modifiedNanoseconds += 1
    XCTAssertNil(cache.outcome(for: touched))
    var resized = original
    resized.size += 1
    XCTAssertNil(cache.outcome(for: resized))
    var replaced = original
    replaced.inode += 1
    XCTAssertNil(cache.outcome(for: replaced))
    XCTAssertEqual(cache.outcome(for: original), .failed("hung"))
    // Saving drops entries whose file changed since.
    _ = try file("liba.so", "a different size")
    cache.save()
    XCTAssertEqual(RegistryCache.load(path: cachePath).count, 0)
  }

  func testAnotherFormatOrABIInvalidatesTheWholeFile() throws {
    let cachePath = FileSystem.join(folder, "registry.json")
    let a = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    cache.store(.failed("x"), for: a)
    cache.save()
    let text = try FileSystem.readText(cachePath)
    for (old, new) in [
      ("\"format\":\(RegistryCache.format)", "\"format\":999"),
      ("\"abi\":\"\(CatalogueVersion.abi)\"", "\"abi\":\"2.0\""),
      ("\"host\":\"\(CatalogueVersion.host)\"", "\"host\":\"9.9.9\""),
    ] {
      XCTAssertTrue(text.contains(old), text)
      try FileSystem.writeAtomically(Array(text.replacing(old, with: new).utf8), to: cachePath)
      XCTAssertEqual(RegistryCache.load(path: cachePath).count, 0, new)
    }
    try FileSystem.writeAtomically(Array("{not json".utf8), to: cachePath)
    XCTAssertEqual(RegistryCache.load(path: cachePath).count, 0)
  }

  func testNothingIsWrittenWhenNothingChanged() throws {
    let cachePath = FileSystem.join(folder, "registry.json")
    let a = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    cache.store(.failed("x"), for: a)
    cache.save()
    unlink(cachePath)
    var again = cache
    again.store(.failed("x"), for: a)
    XCTAssertNil(again.save())
    XCTAssertEqual(FileSystem.kind(of: cachePath), .missing)
  }

  func testDefaultPathFollowsXDG() {
    XCTAssertEqual(
      RegistryCache.defaultPath(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/catalogue/registry.json")
    XCTAssertEqual(
      RegistryCache.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]),
      "/h/.cache/catalogue/registry.json")
  }
}
