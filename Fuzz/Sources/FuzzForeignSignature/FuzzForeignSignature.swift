import CatalogueHost
import FuzzDriver

/// `--signature` is typed by users: any text must parse or be refused with a message.
@_cdecl("FuzzForeignSignature_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data = bytes else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? ForeignSignature(parsing: text, for: .value)
  _ = try? ForeignSignature(parsing: text, for: .gradient)
  return 0
}
