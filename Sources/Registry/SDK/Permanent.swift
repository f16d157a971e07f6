import Glibc

/// Allocations that live as long as the process, for descriptor data the ABI says the plugin owns forever.
///
/// Plugins are never unloaded, so descriptors are built once and never freed; keeping that policy in one place
/// makes it visible and keeps it out of the code that translates Swift declarations.
enum Permanent {
  /// A NUL-terminated copy of `text`.
  static func string(_ text: String) -> UnsafePointer<CChar> {
    UnsafePointer(strdup(text)!)
  }

  /// A copy of `text`, or NULL.
  static func optionalString(_ text: String?) -> UnsafePointer<CChar>? {
    text.map { string($0) }
  }

  /// A heap copy of one value.
  static func object<T>(_ value: T) -> UnsafePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
    pointer.initialize(to: value)
    return UnsafePointer(pointer)
  }

  /// A heap copy of an array (NULL when empty).
  static func array<T>(_ values: [T]) -> UnsafePointer<T>? {
    guard !values.isEmpty else { return nil }
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
    pointer.initialize(from: values, count: values.count)
    return UnsafePointer(pointer)
  }

  /// An array of C strings (NULL when empty).
  static func strings(_ values: [String]) -> UnsafePointer<UnsafePointer<CChar>?>? {
    array(values.map { Optional(string($0)) })
  }
}
