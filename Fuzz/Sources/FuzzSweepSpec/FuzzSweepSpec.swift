import CatalogueHost
import CatalogueLab
import FuzzDriver

/// A sweep spec is a file a user (or a colleague) hands to `catalogue sweep`: any bytes must give a spec or a
/// one-line error, never a crash, a hang or unbounded memory.
@_cdecl("FuzzSweepSpec_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data = bytes else { return 0 }
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  if let spec = try? SweepSpec(parsing: text, defaultName: "fuzz") {
    precondition(!spec.algorithms.isEmpty && !spec.seeds.isEmpty)
    for axis in spec.axes { precondition(!axis.values.isEmpty && axis.values.count <= ParameterAxis.limit) }
  }
  return 0
}
