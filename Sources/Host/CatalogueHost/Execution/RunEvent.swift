/// What a run tells whoever records it, in order: `started` first, `finished` last.
///
/// The run driver only produces events; writing files, drawing progress and echoing warnings happen in sinks. A run
/// worker sends these events over a pipe (`WorkerMessage`) and the parent feeds them to the same sinks, so the
/// files come out the same either way.
public enum RunEvent: Equatable, Sendable {
  /// The problem instance is built and the algorithm is about to run (nothing is written before this event).
  case started(RunStart)
  /// The algorithm declared its trace columns.
  case columns([String])
  /// One reported iteration.
  case row(TraceRow)
  /// Progress of a run whose length is not its iteration count.
  case progress(fraction: Double, message: String?)
  /// A log line.
  case log(LogLevel, String)
  /// A final scalar result.
  case resultReal(key: String, value: Double)
  /// A final vector result.
  case resultVector(key: String, values: [Double])
  /// A named artifact for the run folder.
  case artifact(name: String, bytes: [UInt8])
  /// The run ended.
  case finished(RunEnd)
}
