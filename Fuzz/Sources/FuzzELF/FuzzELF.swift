import CatalogueHost
import FuzzDriver

/// The host reads the ELF symbol table of every file on the plugin path before any code runs: a truncated,
/// corrupt or hostile file must be refused, never crash the host.
@_cdecl("FuzzELF_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data = bytes else { return 0 }
  if let file = try? ELFFile(bytes: Array(UnsafeBufferPointer(start: data, count: size))) {
    _ = file.dynamicSymbols.count
  }
  return 0
}
