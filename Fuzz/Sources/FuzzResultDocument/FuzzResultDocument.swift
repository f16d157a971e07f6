import CatalogueHost
import FuzzDriver

/// result.json is read back by `run --config`, `compare`, `plot`, `reproduce` and `sweep --collect`, and may come
/// from anywhere (a colleague's run folder): any bytes must decode or be refused.
@_cdecl("FuzzResultDocument_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data = bytes else { return 0 }
  if let document = try? ResultDocument.decode(Array(UnsafeBufferPointer(start: data, count: size))) {
    _ = try? RunConfig(document, file: "fuzz/result.json")
  }
  return 0
}
