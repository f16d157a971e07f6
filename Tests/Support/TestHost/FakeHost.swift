import CCatalogue
import Glibc

/// The last message set through the fake host (tests run serially in one thread).
nonisolated(unsafe) public var fakeHostError = ""
nonisolated(unsafe) private var fakeHostErrorCString: UnsafeMutablePointer<CChar>? = nil

/// A minimal `cat_host_api` with just the error slot, for exercising the SDK's bridging without the host.
nonisolated(unsafe) public let fakeHost: UnsafePointer<cat_host_api> = {
  var api = cat_host_api()
  api.struct_size = UInt32(MemoryLayout<cat_host_api>.size)
  api.abi_major = UInt32(CAT_ABI_MAJOR)
  api.abi_minor = UInt32(CAT_ABI_MINOR)
  api.set_error = { message in fakeHostError = message.map { String(cString: $0) } ?? "" }
  api.last_error = {
    free(fakeHostErrorCString)
    fakeHostErrorCString = strdup(fakeHostError)
    return UnsafePointer(fakeHostErrorCString)
  }
  let pointer = UnsafeMutablePointer<cat_host_api>.allocate(capacity: 1)
  pointer.initialize(to: api)
  return UnsafePointer(pointer)
}()
