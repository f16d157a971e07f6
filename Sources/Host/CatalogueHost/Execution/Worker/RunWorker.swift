import CHostSystem
import Glibc

/// The run worker (`catalogue __worker run`): reads a `WorkerPlan` on stdin, runs it with the in-process driver
/// and streams the events to descriptor 3. Its stdout and stderr are a pipe the host records in `run.log`.
///
/// It ignores SIGINT (a terminal sends Ctrl-C to the whole process group; the host relays it as SIGUSR1, which
/// the driver turns into a cancellation) and dies with its host (PR_SET_PDEATHSIG). SIGUSR1 stays blocked (the host
/// starts it so) until the run's handler is installed: a Ctrl-C relayed while the plugin loads is kept pending,
/// not lost.
enum RunWorker {
  static func main() -> Never {
    signal(SIGINT, SIG_IGN)
    var relayed = sigset_t()
    sigemptyset(&relayed)
    sigaddset(&relayed, SIGUSR1)
    pthread_sigmask(SIG_BLOCK, &relayed, nil)
    signal(SIGPIPE, SIG_IGN)
    _ = catalogue_set_parent_death_signal(SIGKILL)
    CrashSafeBuffer.install(descriptor: WorkerChannel.replyDescriptor)
    CrashSafeBuffer.startPeriodicFlush()
    // A plugin that calls exit() still hands over the rows it reported.
    atexit { CrashSafeBuffer.flush() }
    let sink = WorkerEventSink()
    do throws(CatalogueError) {
      var input: [UInt8] = []
      while DescriptorIO.drain(0, into: &input) != .endOfFile {}
      let plan = try WorkerPlan.decode(input).runPlan()
      _ = try InProcessRunDriver(interruptSignal: SIGUSR1).run(plan, sink: sink)
    } catch {
      if !sink.started { sink.send(.refused(error)) }
    }
    CrashSafeBuffer.flush()
    fflush(nil)
    _exit(0)
  }
}
