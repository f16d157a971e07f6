import CCatalogue
import CatalogueHost

/// Hands a run's events to the caller's `cath_event_fn` as compact JSON objects (the format is in
/// catalogue_host.h); results and artifacts reach the caller through the run folder instead.
final class CallbackEventSink: RunEventSink {
  private let callback: cath_event_fn
  private let userData: UnsafeMutableRawPointer?

  /// Creates a sink calling `callback` with `userData`.
  init(callback: cath_event_fn, userData: UnsafeMutableRawPointer?) {
    self.callback = callback
    self.userData = userData
  }

  func handle(_ event: RunEvent) throws(CatalogueError) {
    let json: JSONValue
    switch event {
    case .columns(let names):
      json = .object(["event": .string("columns"), "names": .array(names.map { .string($0) })])
    case .row(let row):
      json = .object([
        "event": .string("row"), "iteration": .unsigned(row.iteration),
        "values": .array(row.values.map { .number($0) }), "elapsed": .number(row.elapsed),
      ])
    case .progress(let fraction, let message):
      json = .object(["event": .string("progress"), "fraction": .number(fraction), "message": .text(message)])
    case .log(let level, let message):
      json = .object(["event": .string("log"), "level": .string(level.rawValue), "message": .string(message)])
    case .finished(let end):
      json = .object([
        "event": .string("finished"), "termination": .string(end.termination.rawValue),
        "message": .string(end.message), "iterations": .unsigned(end.iterations),
      ])
    case .started, .resultReal, .resultVector, .artifact:
      return
    }
    json.compactText.withCString { callback(userData, $0) }
  }
}
