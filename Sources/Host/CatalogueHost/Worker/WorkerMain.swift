import CHostSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The hidden `catalogue __worker` entry point: the child-process roles the host starts copies of itself in.
///
/// - `__worker scan FILE`: load one plugin file and reply with its metadata (`ScanOutcome`) on descriptor 3.
/// - `__worker run`: run the `WorkerPlan` read from stdin, streaming events on descriptor 3 (`RunWorker`).
/// - `__worker check CHECK FILE`: one of `validate`'s checks that must run plugin code (`ValidationProbe`).
///
/// These are not for users, so they bypass the argument parser and print nothing: the host reads only the reply.
public enum WorkerMain {
  /// The first argument that selects worker mode.
  public static let command = "__worker"

  /// Runs a worker role and exits.
  public static func run(_ arguments: [String]) -> Never {
    switch arguments.first {
    case "scan" where arguments.count == 2:
      _ = catalogue_set_parent_death_signal(SIGKILL)
      WorkerChannel.replyAndExit(Array(PluginLoader.scan(arguments[1]).json.compactText.utf8))
    case "run" where arguments.count == 1:
      RunWorker.main()
    case "check" where arguments.count == 3:
      _ = catalogue_set_parent_death_signal(SIGKILL)
      WorkerChannel.replyAndExit(Array(ValidationProbe.run(arguments[1], file: arguments[2]).compactText.utf8))
    default:
      ProcessEnvironment.writeError("error: '\(command)' is internal to catalogue and not meant to be run by hand\n")
      _exit(2)
    }
  }
}
