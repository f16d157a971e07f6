/// Facts about how and where a run was started, recorded in `result.json` so a run can be traced to its machine.
public struct RunInvocation: Equatable, Sendable {
  /// The command line, as typed.
  public var commandLine: [String]
  /// Start time, seconds since the epoch (UTC).
  public var startTime: Int
  /// The machine's host name.
  public var hostName: String
  /// `OPENBLAS_NUM_THREADS` if set.
  public var openBLASThreadsVariable: String?

  /// Creates an invocation record.
  public init(commandLine: [String], startTime: Int, hostName: String, openBLASThreadsVariable: String?) {
    self.commandLine = commandLine
    self.startTime = startTime
    self.hostName = hostName
    self.openBLASThreadsVariable = openBLASThreadsVariable
  }

  /// The invocation of this process, now.
  public static func current(commandLine: [String]) -> RunInvocation {
    RunInvocation(
      commandLine: commandLine, startTime: ProcessEnvironment.now(), hostName: ProcessEnvironment.hostName(),
      openBLASThreadsVariable: ProcessEnvironment.variables()["OPENBLAS_NUM_THREADS"])
  }
}
