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
/// A thread of its own writes out whatever has waited `periodicInterval`, so rows reported just before a plugin
/// stalls reach the host within that time (and the host's files within its own flush interval) even when no
/// later event comes. Appending and writing out hold a lock (the id of the holding thread, 0 when free); a fatal
/// signal's handler waits for another holder to finish, then takes the lock for good, so no bytes are written
/// twice or cut mid-frame.
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
  /// The `pthread_self()` of the thread appending or writing out, 0 when none is.
  private static let owner = Atomic<UInt>(0)
  /// Seconds between the periodic thread's write-outs.
  static let periodicInterval = 0.1

  private static func lock() {
    let me = pthread_self()
    while !owner.compareExchange(expected: 0, desired: me, ordering: .acquiring).exchanged { sched_yield() }
  }

  private static func unlock() {
    owner.store(0, ordering: .releasing)
  }

  /// Allocates the buffer for `descriptor` and installs the fatal-signal handlers.
  static func install(descriptor target: Int32) {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    base.store(Int(bitPattern: memory), ordering: .sequentiallyConsistent)
    used.store(0, ordering: .sequentiallyConsistent)
    descriptor.store(target, ordering: .sequentiallyConsistent)
    // A process a plugin forks inherits the buffer and these handlers, but the event stream is the worker's alone:
    // the child forgets both, so a signal that ends it cannot send the worker's rows a second time.
    pthread_atfork(
      nil, nil,
      {
        CrashSafeBuffer.descriptor.store(-1, ordering: .relaxed)
        CrashSafeBuffer.used.store(0, ordering: .relaxed)
        CrashSafeBuffer.owner.store(0, ordering: .relaxed)
      })
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
    lock()
    defer { unlock() }
    if pending + bytes.count > capacity { writeOut() }
    guard bytes.count <= capacity, let memory = UnsafeMutableRawPointer(bitPattern: base.load(ordering: .relaxed))
    else {
      withFatalSignalsBlocked { DescriptorIO.writeAll(descriptor.load(ordering: .relaxed), bytes) }
      return
    }
    let filled = used.load(ordering: .relaxed)
    (memory + filled).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
    used.store(filled + bytes.count, ordering: .releasing)
  }

  /// Appends a frame of `count` bytes that `fill` writes in place (no copy through a scratch array); the fill level
  /// moves only after `fill` returns, so a fatal signal meanwhile writes out whole frames only.
  @inline(__always)
  static func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
    lock()
    defer { unlock() }
    if pending + count > capacity { writeOut() }
    guard count <= capacity, let memory = UnsafeMutableRawPointer(bitPattern: base.load(ordering: .relaxed)) else {
      let scratch = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 8)
      defer { scratch.deallocate() }
      fill(scratch)
      withFatalSignalsBlocked {
        DescriptorIO.writeAll(descriptor.load(ordering: .relaxed), UnsafeRawBufferPointer(start: scratch, count: count))
      }
      return
    }
    let filled = used.load(ordering: .relaxed)
    fill(memory + filled)
    used.store(filled + count, ordering: .releasing)
  }

  /// Writes out what is buffered.
  static func flush() {
    lock()
    writeOut()
    unlock()
  }

  /// Writes out what is buffered, with the lock held. Fatal signals are held back meanwhile, so their handler
  /// cannot interrupt the write on this thread.
  private static func writeOut() {
    guard let memory = UnsafeMutableRawPointer(bitPattern: base.load(ordering: .relaxed)) else { return }
    withFatalSignalsBlocked {
      let filled = used.load(ordering: .relaxed)
      if filled > 0 {
        DescriptorIO.writeAll(descriptor.load(ordering: .relaxed), UnsafeRawBufferPointer(start: memory, count: filled))
        used.store(0, ordering: .releasing)
      }
    }
  }

  /// Starts the thread that writes out the buffer every `periodicInterval` seconds while it holds anything. The
  /// thread blocks every signal, so fatal signals are always handled on the plugin's threads.
  static func startPeriodicFlush() {
    // A new thread inherits its creator's signal mask: block everything around its creation.
    var all = sigset_t()
    sigfillset(&all)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &all, &previous)
    var thread = pthread_t()
    if pthread_create(
      &thread, nil,
      { _ in
        while true {
          usleep(UInt32(CrashSafeBuffer.periodicInterval * 1_000_000))
          if CrashSafeBuffer.pending > 0 { CrashSafeBuffer.flush() }
        }
      }, nil) == 0
    {
      pthread_detach(thread)
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
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
    // Wait (up to about a second) for another thread inside `append` or a write-out, then keep the lock: the
    // process is ending. When this thread holds it, the signal interrupted its own append before the fill level
    // moved, so the filled part is whole frames.
    let me = pthread_self()
    for _ in 0..<1000 {
      let holder = owner.load(ordering: .acquiring)
      if holder == me || owner.compareExchange(expected: 0, desired: me, ordering: .acquiring).exchanged { break }
      var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
      nanosleep(&pause, nil)
    }
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
