import Glibc
import Synchronization

/// The run worker's outgoing event buffer, which survives the worker's own crash.
///
/// Writing every trace row to the pipe as its own system call would cost a fast algorithm more than the
/// algorithm itself, so rows are batched; but a plugin that segfaults must not take its last rows with it. The
/// buffer is therefore a fixed block of raw memory whose filled length is an atomic, and the handlers for the
/// fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP, and SIGTERM, which the host sends a worker
/// it has to stop) write out whatever is filled, on an alternate stack, and then let the signal kill the worker
/// as it would have. Only async-signal-safe operations happen in the handler: atomic loads and `write`.
///
/// This is process-wide state, as a signal handler needs; it exists only in a run worker.
enum CrashSafeBuffer {
  /// Bytes the buffer holds before it is written out.
  static let capacity = 1 << 18
  /// The signals whose default action ends the worker and after which the buffer is written out.
  static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP, SIGTERM]

  private static let descriptor = Atomic<Int32>(-1)
  private static let base = Atomic<Int>(0)
  private static let used = Atomic<Int>(0)

  /// Allocates the buffer for `descriptor` and installs the fatal-signal handlers.
  static func install(descriptor target: Int32) {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    base.store(Int(bitPattern: memory), ordering: .sequentiallyConsistent)
    used.store(0, ordering: .sequentiallyConsistent)
    descriptor.store(target, ordering: .sequentiallyConsistent)
    // A stack overflow leaves no stack to run a handler on: give the handlers their own.
    let stackSize = 1 << 16
    var stack = stack_t()
    stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16)
    stack.ss_size = stackSize
    stack.ss_flags = 0
    sigaltstack(&stack, nil)
    for signal in fatalSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { number in CrashSafeBuffer.flushFromSignal(number) }
      sigemptyset(&action.sa_mask)
      action.sa_flags = Int32(truncatingIfNeeded: Int(SA_ONSTACK) | Int(SA_RESETHAND))
      sigaction(signal, &action, nil)
    }
  }

  /// True once `install` ran.
  static var isInstalled: Bool { base.load(ordering: .relaxed) != 0 }

  /// Bytes waiting to be written.
  static var pending: Int { used.load(ordering: .relaxed) }

  /// Appends bytes, writing out first if they would not fit; a message larger than the whole buffer is written
  /// directly.
  static func append(_ bytes: UnsafeRawBufferPointer) {
    if pending + bytes.count > capacity { flush() }
    guard bytes.count <= capacity, let memory = UnsafeMutableRawPointer(bitPattern: base.load(ordering: .relaxed))
    else {
      withFatalSignalsBlocked { DescriptorIO.writeAll(descriptor.load(ordering: .relaxed), bytes) }
      return
    }
    let filled = used.load(ordering: .relaxed)
    (memory + filled).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
    used.store(filled + bytes.count, ordering: .releasing)
  }

  /// Writes out what is buffered. Fatal signals are held back meanwhile, so their handler cannot write the same
  /// bytes a second time.
  static func flush() {
    guard let memory = UnsafeMutableRawPointer(bitPattern: base.load(ordering: .relaxed)) else { return }
    withFatalSignalsBlocked {
      let filled = used.load(ordering: .relaxed)
      if filled > 0 {
        DescriptorIO.writeAll(descriptor.load(ordering: .relaxed), UnsafeRawBufferPointer(start: memory, count: filled))
        used.store(0, ordering: .releasing)
      }
    }
  }

  private static func withFatalSignalsBlocked(_ body: () -> Void) {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    for signal in fatalSignals { sigaddset(&blocked, signal) }
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    body()
    pthread_sigmask(SIG_SETMASK, &previous, nil)
  }

  /// The handler: write out the filled part, then re-raise so the signal ends the worker (the handler was
  /// one-shot, so the default action applies).
  private static func flushFromSignal(_ number: Int32) {
    let target = descriptor.load(ordering: .acquiring)
    let filled = used.load(ordering: .acquiring)
    if target >= 0, filled > 0, let memory = UnsafeRawPointer(bitPattern: base.load(ordering: .acquiring)) {
      var offset = 0
      while offset < filled {
        let written = write(target, memory + offset, filled - offset)
        if written <= 0 { break }
        offset += written
      }
    }
    raise(number)
  }
}
