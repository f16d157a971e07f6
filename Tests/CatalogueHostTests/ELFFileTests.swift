import Glibc
import XCTest

@testable import CatalogueHost

final class ELFFileTests: XCTestCase {
  /// The C library this test process runs on (found in /proc/self/maps): a real shared library every Linux
  /// machine has.
  var libcPath: String {
    get throws {
      let maps = (try? FileSystem.readText("/proc/self/maps")) ?? ""
      for line in maps.split(separator: "\n") {
        guard let slash = line.firstIndex(of: "/") else { continue }
        let path = String(line[slash...])
        if FileSystem.fileName(of: path).hasPrefix("libc.so") || FileSystem.fileName(of: path).hasPrefix("libc-") {
          return path
        }
      }
      throw XCTSkip("no libc found in /proc/self/maps")
    }
  }

  func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = FileSystem.join(NSTemporaryDirectory(), "elf-test-\(UUID().uuidString).so")
    try FileSystem.writeAtomically(bytes, to: path)
    addTeardownBlock { unlink(path) }
    return path
  }

  func testReadsTheDynamicSymbolsOfARealLibrary() throws {
    let elf = try ELFFile(contentsOf: try libcPath)
    XCTAssertEqual(elf.fileType, 3)
    XCTAssertEqual(elf.machine, ELFFile.hostMachine)
    XCTAssertTrue(elf.exports("strlen"))
    XCTAssertTrue(elf.exports("malloc"))
    XCTAssertFalse(elf.exports("catalogue_plugin_entry"))
    XCTAssertGreaterThan(elf.exportedSymbols.count, 500)
    XCTAssertTrue(elf.dynamicSymbols.contains { $0.name == "strlen" && $0.isFunction })
  }

  func testImportedSymbolsAreNotExported() throws {
    // The test executable imports strlen from libc but does not define it.
    guard let path = ProcessEnvironment.executableDirectory().map({ _ in FileSystem.realPath("/proc/self/exe")! }),
      let elf = try? ELFFile(contentsOf: path)
    else { throw XCTSkip("the test executable is not a shared object on this platform") }
    XCTAssertFalse(elf.exports("strlen"))
  }

  func testRejectsJunkWithClearReasons() throws {
    XCTAssertThrowsError(try ELFFile(bytes: Array("hello, world\n".utf8))) { error in
      XCTAssertEqual(error as? ELFError, .notELF)
    }
    XCTAssertThrowsError(try ELFFile(bytes: [])) { XCTAssertEqual($0 as? ELFError, .notELF) }
    XCTAssertThrowsError(try ELFFile(bytes: [0x7F, 0x45, 0x4C, 0x46, 2, 1])) {
      XCTAssertEqual($0 as? ELFError, .truncated("ELF header"))
    }
    var header = [UInt8](repeating: 0, count: 64)
    header[0...3] = [0x7F, 0x45, 0x4C, 0x46]
    header[4] = 1
    header[5] = 1
    XCTAssertThrowsError(try ELFFile(bytes: header)) { XCTAssertEqual($0 as? ELFError, .notSixtyFourBit) }
    header[4] = 2
    header[5] = 2
    XCTAssertThrowsError(try ELFFile(bytes: header)) { XCTAssertEqual($0 as? ELFError, .bigEndian) }
    header[5] = 1
    header[16] = 2  // ET_EXEC
    XCTAssertThrowsError(try ELFFile(bytes: header)) { XCTAssertEqual($0 as? ELFError, .notSharedLibrary(2)) }
    header[16] = 3
    header[18] = 0xFF  // an unknown machine
    XCTAssertThrowsError(try ELFFile(bytes: header)) {
      guard case .wrongMachine = $0 as? ELFError else { return XCTFail("\($0)") }
    }
    header[18] = UInt8(ELFFile.hostMachine & 0xFF)
    header[19] = UInt8(ELFFile.hostMachine >> 8)
    XCTAssertThrowsError(try ELFFile(bytes: header)) { XCTAssertEqual($0 as? ELFError, .noDynamicSymbols) }
    header[40] = 0xFF  // section headers beyond the end of the file
    header[58] = 64
    header[60] = 3
    XCTAssertThrowsError(try ELFFile(bytes: header)) {
      XCTAssertEqual($0 as? ELFError, .truncated("section header table"))
    }
  }

  func testTruncatedRealLibraryIsRejectedNotCrashed() throws {
    let bytes = try FileSystem.readBytes(try libcPath)
    for length in [64, 1000, bytes.count / 2] {
      XCTAssertThrowsError(try ELFFile(bytes: Array(bytes[0..<length])), "length \(length)")
    }
  }

  /// Reading a file (its header, section headers and symbol tables only) gives what parsing the whole image gives,
  /// symbols and errors alike.
  func testReadingTheFileEqualsParsingTheWholeImage() throws {
    let bytes = try FileSystem.readBytes(try libcPath)
    let whole = try ELFFile(bytes: bytes)
    let read = try ELFFile(contentsOf: try libcPath)
    XCTAssertEqual(read.dynamicSymbols, whole.dynamicSymbols)
    XCTAssertEqual(read.machine, whole.machine)
    for length in [3, 40, 64, 1000, bytes.count / 2, bytes.count - 1] {
      let image = Array(bytes[0..<length])
      var fromImage: ELFError?
      do { _ = try ELFFile(bytes: image) } catch { fromImage = error }
      XCTAssertThrowsError(try ELFFile(contentsOf: try temporaryFile(image)), "length \(length)") {
        XCTAssertEqual($0 as? ELFError, fromImage, "length \(length)")
      }
    }
  }

  func testFileErrors() throws {
    XCTAssertThrowsError(try ELFFile(contentsOf: "/no/such/file.so")) {
      XCTAssertEqual($0 as? ELFError, .unreadable("No such file or directory"))
    }
    XCTAssertThrowsError(try ELFFile(contentsOf: NSTemporaryDirectory())) {
      XCTAssertEqual($0 as? ELFError, .isDirectory)
    }
    let text = try temporaryFile(Array("not a library".utf8))
    XCTAssertThrowsError(try ELFFile(contentsOf: text)) { XCTAssertEqual($0 as? ELFError, .notELF) }
  }

  func testReasonsAreOneLine() {
    let errors: [ELFError] = [
      .unreadable("Permission denied"), .isDirectory, .notELF, .notSixtyFourBit, .bigEndian, .truncated(".dynsym"),
      .notSharedLibrary(2), .wrongMachine("aarch64"), .noDynamicSymbols,
    ]
    for error in errors {
      XCTAssertFalse(error.description.contains("\n"))
      XCTAssertFalse(error.description.isEmpty)
    }
  }
}
