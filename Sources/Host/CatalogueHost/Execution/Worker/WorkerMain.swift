import CHostSystem
import Glibc

/// The hidden `catalogue __worker` entry point: the child-process roles the host starts copies of itself in.
///
/// - `__worker scan FILE`: load one plugin file and reply with its metadata (`ScanOutcome`) on descriptor 3.
/// - `__worker run`: run the `WorkerPlan` read from stdin, streaming events on descriptor 3 (`RunWorker`).
/// - `__worker check CHECK FILE`: one of `validate`'s checks that must run plugin code (`ValidationProbe`).
///
/// These are not for users, so they bypass the argument parser and print nothing: the host reads only the reply.
/// The `check` role belongs to `validate` (CatalogueAuthoring), which the caller passes in as `check`.
public enum WorkerMain {
  /// The first argument that selects worker mode.
  public static let command = "__worker"

  /// Runs a worker role and exits; returns only if the arguments name no role.
  ///
  /// - Parameter check: runs one named `validate` check on a file and returns its reply.
  public static func run(_ arguments: [String], check: (_ name: String, _ file: String) -> [UInt8]) {
    switch arguments.first {
    case "scan" where arguments.count == 2:
      _ = catalogue_set_parent_death_signal(SIGKILL)
      WorkerChannel.replyAndExit((try? JSONCoding.encode(PluginLoader.scan(arguments[1]))) ?? [])
    case "run" where arguments.count == 1:
      RunWorker.main()
    case "check" where arguments.count == 3:
      _ = catalogue_set_parent_death_signal(SIGKILL)
      WorkerChannel.replyAndExit(check(arguments[1], arguments[2]))
    default:
      return
    }
  }
}
