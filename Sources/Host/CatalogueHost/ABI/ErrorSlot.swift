import Glibc

/// The thread-local message a plugin sets with `cat_host_api.set_error` before returning a non-OK status.
///
/// The ABI's `set_error(message)` has no context argument, so the message cannot go to a run object: it goes to a
/// per-thread slot instead (a plugin is called from one thread per run, so the slot of the calling thread is the
/// one the host reads right after the failing call). This is one of the two pieces of global state in the host;
/// it lives here, alone, so it stays visible.
public enum ErrorSlot {
  /// The pthread key of the slot, created once per process. Each thread's value is a `strdup`ed C string.
  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in free(pointer) }
    precondition(status == 0, "pthread_key_create failed")
    return key
  }()

  /// Stores a copy of `message` for the calling thread (NULL clears the slot). Called by plugins through the
  /// host table.
  public static func set(_ message: UnsafePointer<CChar>?) {
    let old = pthread_getspecific(key)
    pthread_setspecific(key, message.map { UnsafeRawPointer(strdup($0)) })
    free(old)
  }

  /// Stores a Swift string for the calling thread (used by host trampolines that fail on their own).
  public static func set(_ message: String) {
    message.withCString { set($0) }
  }

  /// The calling thread's message without clearing it ("" if none), for `cat_host_api.last_error`: a plugin that
  /// called another plugin's oracle reads the callee's reason to add context. Valid until the next `set`.
  public static func current() -> UnsafePointer<CChar> {
    if let pointer = pthread_getspecific(key) { return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self)) }
    return empty
  }

  /// The "" returned when no message is set; allocated once and never freed.
  nonisolated(unsafe) private static let empty: UnsafePointer<CChar> = UnsafePointer(strdup("")!)

  /// Returns and clears the calling thread's message, so a stale message never explains a later failure.
  public static func take() -> String? {
    guard let pointer = pthread_getspecific(key) else { return nil }
    let message = String(cString: pointer.assumingMemoryBound(to: CChar.self))
    pthread_setspecific(key, nil)
    free(pointer)
    return message
  }

  /// Clears the calling thread's message before a call whose failure the host will explain.
  public static func clear() {
    _ = take()
  }
}
