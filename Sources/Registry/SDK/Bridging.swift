import CCatalogue

/// Small conversions between C buffers and Swift arrays, shared by the export and import sides of the SDK.
enum Bridge {
  /// A Swift copy of `count` doubles at `pointer`.
  @inline(__always)
  static func array(_ pointer: UnsafePointer<Double>?, _ count: Int) -> [Double] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
  }

  /// A sample set from the ABI's (pointer, count) pair; nil means the full objective.
  @inline(__always)
  static func samples(_ pointer: UnsafePointer<UInt64>?, _ count: UInt64) -> [Int]? {
    guard let pointer else { return nil }
    return (0..<Int(count)).map { Int(pointer[$0]) }
  }

  /// Copies `values` into an output buffer after checking its length against what the ABI promised.
  @inline(__always)
  static func write(
    _ values: [Double], to pointer: UnsafeMutablePointer<Double>?, count: Int, _ what: @autoclosure () -> String
  ) throws {
    guard let pointer else { return }
    guard values.count == count else {
      throw PluginError(.internal, "\(what()) has \(values.count) entries, expected \(count)")
    }
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
  }

  /// Calls `body` with the sample set as the ABI's (pointer, count) pair.
  @inline(__always)
  static func withSamples<R>(_ samples: [Int]?, _ body: (UnsafePointer<UInt64>?, UInt64) -> R) -> R {
    guard let samples else { return body(nil, 0) }
    let indices = samples.map { UInt64($0) }
    return indices.withUnsafeBufferPointer { body($0.baseAddress, UInt64($0.count)) }
  }

  /// The non-NULL buffers of a batched call over m points; any NULL buffer with m > 0 is an invalid argument. With
  /// m = 0 the buffers are not touched, so a placeholder stands in for NULL.
  @inline(__always)
  static func batch(
    _ m: UInt64, _ a: UnsafePointer<Double>?, _ b: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>?,
    _ what: StaticString
  ) throws -> (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) {
    if let a, let b, let out { return (a, b, out) }
    guard m == 0 else { throw PluginError(.invalidArgument, "\(what): a buffer is NULL for \(m) points") }
    let placeholder = UnsafeMutablePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!
    return (UnsafePointer(placeholder), UnsafePointer(placeholder), placeholder)
  }

  /// A copy of a C table that starts with `struct_size`, honouring it: fields beyond the declared size (added in a
  /// later minor version than the table's author compiled against) read as zero, i.e. absent.
  static func copyTable<T>(_ pointer: UnsafePointer<T>) -> T {
    let declared = Int(UnsafeRawPointer(pointer).loadUnaligned(as: UInt32.self))
    let size = MemoryLayout<T>.size
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<T>.alignment)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    buffer.copyMemory(from: pointer, byteCount: Swift.min(Swift.max(declared, 0), size))
    return buffer.load(as: T.self)
  }

  /// Allocates an output array of `count` doubles filled by `body`.
  @inline(__always)
  static func output(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> cat_status) -> ([Double], cat_status) {
    var status: cat_status = 0
    let values = [Double](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
      buffer.initialize(repeating: 0)
      status = body(buffer.baseAddress!)
      initialized = count
    }
    return (values, status)
  }
}
