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
    let cachePath = FileSystem.join(folder, "cache/registry.bin")
    let a = try file("liba.so", "a")
    let b = try file("libb.so", "bb")
    var cache = RegistryCache.load(path: cachePath)
    XCTAssertEqual(cache.count, 0)
    cache.store(.failed("crashed while loading: SIGSEGV"), for: a)
    cache.store(.notPlugin("no symbol"), for: b)
    XCTAssertNil(cache.save())
    XCTAssertEqual(try FileSystem.contents(of: FileSystem.join(folder, "cache")), ["registry.bin"], "no temp left")
    let loaded = RegistryCache.load(path: cachePath)
    XCTAssertEqual(loaded.count, 2)
    XCTAssertEqual(loaded.outcome(for: a), .failed("crashed while loading: SIGSEGV"))
    XCTAssertEqual(loaded.outcome(for: b), .notPlugin("no symbol"))
  }

  func testAChangedFileIsNotAnsweredFromTheCache() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
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

  /// The bytes of a length-prefixed string as the cache writes it.
  func encoded(_ text: String) -> [UInt8] {
    var writer = CacheWriter()
    writer.string(text)
    return writer.bytes
  }

  func replacing(_ old: [UInt8], with new: [UInt8], in bytes: [UInt8]) throws -> [UInt8] {
    let start = try XCTUnwrap(
      (0...(bytes.count - old.count)).first { bytes[$0..<$0 + old.count].elementsEqual(old) }, "not found")
    return Array(bytes[..<start]) + new + Array(bytes[(start + old.count)...])
  }

  func testAnotherFormatABIOrHostOrDamageInvalidatesTheWholeFile() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
    let a = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    cache.store(.failed("x"), for: a)
    cache.save()
    let bytes = try FileSystem.readBytes(cachePath)
    XCTAssertEqual(RegistryCache.load(path: cachePath).count, 1)
    var format = bytes
    format[RegistryCache.magic.count] &+= 1
    var variants = [format]
    variants.append(
      try replacing(encoded(CatalogueVersion.abi), with: encoded(CatalogueVersion.abi + "9"), in: bytes))
    variants.append(
      try replacing(encoded(CatalogueVersion.host), with: encoded(CatalogueVersion.host + "9"), in: bytes))
    variants.append(Array(bytes.dropLast()))  // truncated
    variants.append(bytes + [0])  // trailing junk
    variants.append(Array("{\"format\":2}".utf8))  // the JSON cache of earlier versions
    for (index, variant) in variants.enumerated() {
      try FileSystem.writeAtomically(variant, to: cachePath)
      XCTAssertEqual(RegistryCache.load(path: cachePath).count, 0, "variant \(index)")
    }
    // A damaged outcome is not answered (and would be scanned again).
    var outcome = bytes
    outcome[outcome.count - encoded("x").count - 1] = 9  // the outcome's tag
    try FileSystem.writeAtomically(outcome, to: cachePath)
    XCTAssertNil(RegistryCache.load(path: cachePath).outcome(for: a))
  }

  func testPluginMetadataRoundTripsExactly() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
    let a = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    cache.store(.plugin(InternalDocumentTests.sample), for: a)
    cache.save()
    guard case .plugin(let decoded) = RegistryCache.load(path: cachePath).outcome(for: a) else {
      return XCTFail("no plugin came back")
    }
    // NaN != NaN: compare the NaN default by its bits, everything else with ==.
    guard case .real(let nan)? = decoded.algorithms[0].parameters.last?.defaultValue else {
      return XCTFail("the NaN default lost its kind")
    }
    XCTAssertEqual(nan.bitPattern, Double.nan.bitPattern)
    var expected = InternalDocumentTests.sample
    var actual = decoded
    expected.algorithms[0].parameters.removeLast()
    actual.algorithms[0].parameters.removeLast()
    XCTAssertEqual(actual, expected)
    XCTAssertEqual(
      try JSONCoding.encode(decoded), try JSONCoding.encode(InternalDocumentTests.sample), "every Codable field")
  }

  /// A summary read (`list`'s tables) gives the same plugin with only the detail sections left empty: parameters
  /// of algorithms and problems, runs and claims of experiments; a full read of the same entry gives them all. A
  /// detail section whose length is damaged makes the entry unreadable either way.
  func testASummaryReadLeavesOutOnlyTheDetails() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
    let a = try file("liba.so", "a")
    var cache = RegistryCache(path: cachePath)
    var sample = InternalDocumentTests.sample
    sample.algorithms[0].parameters.removeLast()  // the NaN default, which == cannot compare
    cache.store(.plugin(sample), for: a)
    cache.save()
    let loaded = RegistryCache.load(path: cachePath)
    var summary = sample
    for index in summary.algorithms.indices { summary.algorithms[index].parameters = [] }
    for index in summary.problems.indices { summary.problems[index].parameters = [] }
    for index in summary.experiments.indices {
      summary.experiments[index].runs = []
      summary.experiments[index].claims = []
    }
    XCTAssertNotEqual(summary, sample)
    XCTAssertEqual(loaded.outcome(for: a, summaryOnly: true), .plugin(summary))
    XCTAssertEqual(loaded.outcome(for: a), .plugin(sample))
    // The first detail section is the algorithm's parameters: its length follows the default iteration count.
    var writer = CacheWriter()
    writer.u64(sample.algorithms[0].defaultMaxIters)
    let bytes = try FileSystem.readBytes(cachePath)
    let marker = try XCTUnwrap(
      (0...(bytes.count - 8)).first { bytes[$0..<$0 + 8].elementsEqual(writer.bytes) }, "default iterations")
    for length in [UInt64(0), 1 << 40, .max] {
      var damaged = bytes
      withUnsafeBytes(of: length.littleEndian) { damaged.replaceSubrange(marker + 8..<marker + 16, with: $0) }
      try FileSystem.writeAtomically(damaged, to: cachePath)
      let reloaded = RegistryCache.load(path: cachePath)
      XCTAssertNil(reloaded.outcome(for: a), "length \(length)")
      XCTAssertNil(reloaded.outcome(for: a, summaryOnly: true), "length \(length)")
    }
  }

  /// Writing keeps the entries of files that still exist as they were scanned (other folders' included, so two
  /// build folders sharing the cache do not evict each other) and drops the rest: deleted files, files of a
  /// deleted folder, changed files.
  func testWritingPrunesEntriesOfGoneAndChangedFiles() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
    let kept = try file("libkept.so", "k")
    let deleted = try file("libdeleted.so", "d")
    let changed = try file("libchanged.so", "c")
    let other = FileSystem.join(folder, "other-build")
    try FileSystem.makeDirectories(other)
    try FileSystem.writeAtomically(Array("o".utf8), to: FileSystem.join(other, "libo.so"))
    let inGoneFolder = try XCTUnwrap(FileIdentity.of(FileSystem.realPath(FileSystem.join(other, "libo.so"))!))
    var cache = RegistryCache(path: cachePath)
    for identity in [kept, deleted, changed, inGoneFolder] { cache.store(.failed("x"), for: identity) }
    cache.save()
    XCTAssertEqual(RegistryCache.load(path: cachePath).count, 4)
    unlink(deleted.realPath)
    FileSystem.removeTree(other)
    _ = try file("libchanged.so", "changed")
    var next = RegistryCache.load(path: cachePath)
    let fresh = try file("libfresh.so", "f")
    next.store(.notPlugin("no symbol"), for: fresh)
    XCTAssertNil(next.save())
    let written = RegistryCache.load(path: cachePath)
    XCTAssertEqual(written.count, 2)
    XCTAssertEqual(written.outcome(for: kept), .failed("x"))
    XCTAssertEqual(written.outcome(for: fresh), .notPlugin("no symbol"))
  }

  /// The real file, rewritten in place: a new modification time at the same size, or a new size with the old
  /// modification time put back, is not answered from the cache.
  func testAFileRewrittenInPlaceIsStale() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
    let path = FileSystem.realPath(FileSystem.join(folder, "liba.so")) ?? FileSystem.join(folder, "liba.so")
    func rewrite(_ text: String, modified: timespec) throws -> FileIdentity {
      let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      XCTAssertGreaterThanOrEqual(descriptor, 0)
      _ = text.withCString { write(descriptor, $0, strlen($0)) }
      var times = [modified, modified]
      XCTAssertEqual(futimens(descriptor, &times), 0)
      close(descriptor)
      return try XCTUnwrap(FileIdentity.of(path))
    }
    let original = try rewrite("abc", modified: timespec(tv_sec: 1_700_000_000, tv_nsec: 5))
    var cache = RegistryCache(path: cachePath)
    cache.store(.failed("scanned"), for: original)
    cache.save()
    XCTAssertEqual(RegistryCache.load(path: cachePath).outcome(for: original), .failed("scanned"))
    let touched = try rewrite("abd", modified: timespec(tv_sec: 1_700_000_000, tv_nsec: 6))
    XCTAssertEqual(touched.size, original.size)
    XCTAssertEqual(touched.inode, original.inode)
    XCTAssertNil(RegistryCache.load(path: cachePath).outcome(for: touched))
    let resized = try rewrite("abcd", modified: timespec(tv_sec: 1_700_000_000, tv_nsec: 5))
    XCTAssertEqual(resized.modifiedNanoseconds, original.modifiedNanoseconds)
    XCTAssertEqual(resized.inode, original.inode)
    XCTAssertNil(RegistryCache.load(path: cachePath).outcome(for: resized))
    let back = try rewrite("xyz", modified: timespec(tv_sec: 1_700_000_000, tv_nsec: 5))
    XCTAssertEqual(back, original, "same size, time and inode: the one change the key cannot see (--rescan)")
  }

  func testNothingIsWrittenWhenNothingChanged() throws {
    let cachePath = FileSystem.join(folder, "registry.bin")
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
      RegistryCache.defaultPath(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/catalogue/registry.bin")
    XCTAssertEqual(
      RegistryCache.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]),
      "/h/.cache/catalogue/registry.bin")
  }
}
