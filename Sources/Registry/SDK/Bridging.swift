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
