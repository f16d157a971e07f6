import Glibc

/// The recording host's per-thread error message (`set_error` / `last_error`), as the real host keeps one.
///
/// Per thread because `set_error` carries no run handle and tests may run algorithms on several threads.
enum ErrorSlot {
  private final class Box {
    var message = ""
    var cString: UnsafeMutablePointer<CChar>? = nil
    deinit { free(cString) }
  }

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { pointer in
      if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
    }
    return key
  }()

  private static var box: Box {
    if let pointer = pthread_getspecific(key) {
      return Unmanaged<Box>.fromOpaque(pointer).takeUnretainedValue()
    }
    let box = Box()
    pthread_setspecific(key, Unmanaged.passRetained(box).toOpaque())
    return box
  }

  static func set(_ message: String) { box.message = message }

  static var message: String { box.message }

  /// The message as a C string that stays valid until the next call on this thread.
  static func cString() -> UnsafePointer<CChar>? {
    let box = box
    free(box.cString)
    box.cString = strdup(box.message)
    return UnsafePointer(box.cString)
  }
}
