import CCatalogue

/// The smallest `struct_size` the host accepts for each C struct it copies: the struct's size in ABI 1.0.
///
/// A struct that grew in a later minor version (ABI 1.1 appended batched operations to `cat_geometry` and
/// `cat_sampling_oracles`, ABI 1.2 the dense lower-level Hessian to `cat_bilevel_oracles`) is still accepted at its
/// 1.0 size, so plugins built against an older header keep loading; the copy zero-fills the newer fields, which
/// then read as absent. Every other struct has not grown, so its 1.0 size is its compiled size.
enum ABIStructSizes {
  /// The 1.0 size of `T` in bytes.
  static func oneZero<T>(_ type: T.Type) -> Int {
    if type == cat_geometry.self { return Int(CAT_GEOMETRY_SIZE_1_0) }
    if type == cat_sampling_oracles.self { return Int(CAT_SAMPLING_ORACLES_SIZE_1_0) }
    if type == cat_bilevel_oracles.self { return Int(CAT_BILEVEL_ORACLES_SIZE_1_0) }
    return MemoryLayout<T>.size
  }
}
