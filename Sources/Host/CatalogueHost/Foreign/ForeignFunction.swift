import CHostSystem
import Glibc

/// A C or Fortran function called through libffi with a signature known only at run time (ARCHITECTURE §7).
///
/// The call interface (`ffi_cif`) and the argument slots are prepared once; each call only stores the point, the
/// output buffer and the dimension into the slots. By-reference integers point at a slot of their own, so a
/// Fortran routine that writes to N cannot change the host's dimension.
final class ForeignFunction {
  /// `library:symbol`, for messages.
  let name: String
  let signature: ForeignSignature
  private let address: UnsafeMutableRawPointer
  private let interface: UnsafeMutablePointer<ffi_cif>
  private let types: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
  /// One 8-byte slot per argument holding its value (a pointer or an integer).
  private let slots: UnsafeMutablePointer<UInt64>
  /// One 8-byte slot per argument for integers passed by reference.
  private let referenced: UnsafeMutablePointer<UInt64>
  private let values: UnsafeMutablePointer<UnsafeMutableRawPointer?>

  /// Looks the symbol up in an already opened library and prepares the call.
  init(handle: UnsafeMutableRawPointer, library: String, symbol: String, signature: ForeignSignature)
    throws(CatalogueError)
  {
    name = "\(library):\(symbol)"
    self.signature = signature
    _ = dlerror()
    guard let address = dlsym(handle, symbol) else {
      let reason = dlerror().map { String(cString: $0) } ?? "not found"
      throw .usage("symbol '\(symbol)' not found in \(library): \(reason)")
    }
    self.address = address
    let count = signature.arguments.count
    interface = .allocate(capacity: 1)
    types = .allocate(capacity: max(count, 1))
    slots = .allocate(capacity: max(count, 1))
    slots.initialize(repeating: 0, count: max(count, 1))
    referenced = .allocate(capacity: max(count, 1))
    referenced.initialize(repeating: 0, count: max(count, 1))
    values = .allocate(capacity: max(count, 1))
    for (index, argument) in signature.arguments.enumerated() {
      switch argument.type {
      case .doublePointer: types[index] = catalogue_ffi_type_pointer()
      case .integer(_, _, true): types[index] = catalogue_ffi_type_pointer()
      case .integer(32, _, false): types[index] = catalogue_ffi_type_sint32()
      case .integer(_, let signed, false):
        types[index] = signed ? catalogue_ffi_type_sint64() : catalogue_ffi_type_uint64()
      }
      values[index] = UnsafeMutableRawPointer(slots + index)
    }
    let result = signature.result == .double ? catalogue_ffi_type_double() : catalogue_ffi_type_void()
    guard catalogue_ffi_prep(interface, UInt32(count), result, types) == FFI_OK else {
      throw .usage("libffi cannot prepare a call with signature \(signature)")
    }
  }

  deinit {
    interface.deallocate()
    types.deallocate()
    slots.deallocate()
    referenced.deallocate()
    values.deallocate()
  }

  /// Calls the function at `x` (n doubles); the output argument, if any, receives `output`. Returns the double
  /// the function returned (0 for void functions).
  func call(x: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>?, n: Int) -> Double {
    for (index, argument) in signature.arguments.enumerated() {
      switch (argument.role, argument.type) {
      case (.point, _): slots[index] = UInt64(UInt(bitPattern: x))
      case (.output, _): slots[index] = UInt64(UInt(bitPattern: output))
      case (.dimension, .integer(let bits, _, let isPointer)):
        let value = bits == 32 ? UInt64(UInt32(truncatingIfNeeded: n)) : UInt64(n)
        if isPointer {
          // Little-endian: a 32-bit integer is the low half of its slot, so one store serves both widths.
          referenced[index] = value
          slots[index] = UInt64(UInt(bitPattern: referenced + index))
        } else {
          slots[index] = value
        }
      case (.dimension, .doublePointer): break
      }
    }
    var result = 0.0
    catalogue_ffi_call(interface, address, &result, values)
    return signature.result == .double ? result : 0
  }
}
