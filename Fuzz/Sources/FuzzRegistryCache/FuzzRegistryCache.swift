import CatalogueHost
import FuzzDriver
import Glibc

/// The registry cache is a file in the user's cache folder that several processes write: a damaged or hostile one
/// must be ignored, never trusted into a crash.
@_cdecl("FuzzRegistryCache_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data = bytes else { return 0 }
  let path = "/tmp/catalogue-fuzz-registry-\(getpid()).bin"
  let file = fopen(path, "w")!
  fwrite(data, 1, size, file)
  fclose(file)
  _ = RegistryCache.load(path: path).decodableCount()
  unlink(path)
  return 0
}
