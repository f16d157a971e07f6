import Glibc

/// One request and one reply between the host and a short-lived child of itself (the scanner, `validate`'s
/// checks): the child writes its reply on descriptor 3 and exits; its stdout and stderr go to /dev/null.
///
/// A dedicated descriptor is what makes the reply trustworthy: a plugin that prints while it loads writes to
/// /dev/null, never into the reply. The child leads a process group of its own, and once it has exited the whole
/// group is killed: a process the plugin forked and left behind holds the reply pipe open, so its end of file
/// would never come (Tests/IntegrationTests/ForkingPluginTests.swift).
package enum WorkerChannel {
  /// The child's descriptor for its reply.
  static let replyDescriptor: Int32 = 3
  /// Replies larger than this are cut off (no honest plugin's metadata comes close).
  static let maximumReply = 64 << 20

  /// Starts the child, collects its reply until it exits, and kills it if it takes longer than `timeout`
  /// seconds or, while the host's counting signal handlers are installed (`validate`), once Ctrl-C, SIGTERM or
  /// SIGHUP arrived. `exit` is nil when the child was killed for either.
  ///
  /// With an `outputBudget`, the child's stdout and stderr go to a pipe instead of /dev/null: `printed` counts the
  /// bytes (which are discarded), and a child that prints more than the budget is killed at once.
  package static func exchange(
    executable: String, arguments: [String], timeout: Double, outputBudget: Int? = nil
  ) throws(CatalogueError) -> (reply: [UInt8], exit: ChildExit?, printed: Int) {
    let pipe = try UnixPipe()
    let output: UnixPipe?
    do {
      output = try outputBudget.map { _ throws(CatalogueError) in try UnixPipe() }
    } catch {
      close(pipe.readEnd)
      close(pipe.writeEnd)
      throw error
    }
    var descriptors = [replyDescriptor: pipe.writeEnd]
    if let output {
      descriptors[1] = output.writeEnd
      descriptors[2] = output.writeEnd
    }
    let child: ChildProcess
    do {
      child = try ChildProcess(
        executable: executable, arguments: arguments, descriptors: descriptors, ownProcessGroup: true)
    } catch {
      close(pipe.readEnd)
      close(pipe.writeEnd)
      if let output {
        close(output.readEnd)
        close(output.writeEnd)
      }
      throw error
    }
    close(pipe.writeEnd)
    if let output { close(output.writeEnd) }
    defer {
      close(pipe.readEnd)
      if let output { close(output.readEnd) }
    }
    pipe.setNonBlockingRead()
    output?.setNonBlockingRead()
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    var reply: [UInt8] = []
    var printed = 0
    var open = true
    var outputOpen = output != nil
    while true {
      if open, DescriptorIO.drain(pipe.readEnd, into: &reply) == .endOfFile { open = false }
      if reply.count > maximumReply { open = false }
      if outputOpen, let output {
        var chunk: [UInt8] = []
        if DescriptorIO.drain(output.readEnd, into: &chunk, atMost: 1 << 20) == .endOfFile { outputOpen = false }
        printed += chunk.count
        if let outputBudget, printed > outputBudget {
          return (reply, child.terminate(), printed)
        }
      }
      if let exit = child.poll() {
        // Everything the child wrote is in the pipe now; whatever still holds it open is a leftover of the plugin.
        child.killLeftovers()
        if open { _ = DescriptorIO.drain(pipe.readEnd, into: &reply) }
        return (reply, exit, printed)
      }
      let remaining = (deadline - ContinuousClock.now).inSeconds
      if remaining <= 0 || InterruptFlag.stopRequested {
        child.terminate()
        return (reply, nil, printed)
      }
      let watched = (open ? [pipe.readEnd] : []) + (outputOpen ? [output!.readEnd] : [])
      if watched.isEmpty {
        child.wait(timeout: min(remaining, 0.05))
      } else {
        DescriptorIO.waitReadable(watched, timeout: min(remaining, 0.05))
      }
    }
  }

  /// Sends the child's reply to its parent and ends the child at once, without running the exit handlers or
  /// static destructors of the plugins it loaded (one that hangs or crashes there must not spoil a good reply).
  static func replyAndExit(_ bytes: [UInt8]) -> Never {
    DescriptorIO.writeAll(replyDescriptor, bytes)
    _exit(0)
  }
}
