import XCTest

@testable import CatalogueHost

/// The run worker's event stream: every event crosses bit for bit, frames split anywhere are reassembled, and a
/// damaged frame is detected rather than misread.
final class WorkerMessageTests: XCTestCase {
  var counters: OracleCounters {
    var counters = OracleCounters()
    counters.value = 1
    counters.gradient = 2
    counters.sampleGradient = .max
    counters.hessianVector = 4
    counters.innerStep = 5
    return counters
  }

  var messages: [WorkerMessage] {
    [
      .event(.started(RunStart(references: [("f_star", -0.0), ("x", 1e-300)], metricNames: ["d"], blasThreads: 0))),
      .event(.started(RunStart(references: [], metricNames: []))),
      .event(.columns(["f", "grad_norm"])),
      .event(
        .row(
          TraceRow(
            iteration: .max, values: [.nan, -.infinity, 0.1, -0.0, .leastNonzeroMagnitude], counters: counters,
            elapsed: 1.5))),
      .event(.row(TraceRow(iteration: 0, values: [], counters: OracleCounters(), elapsed: 0))),
      .event(.progress(fraction: 0.25, message: nil)),
      .event(.progress(fraction: 1, message: "épocha ✓")),
      .event(.log(.debug, "d")), .event(.log(.info, "")), .event(.log(.warning, "w\nw")),
      .event(.resultReal(key: "f_final", value: .pi)),
      .event(.resultVector(key: "x", values: [1, 2, 3])),
      .event(.artifact(name: "weights.bin", bytes: [0, 255, 10, 13])),
      .event(
        .finished(
          RunEnd(
            termination: .diverged, message: "f = nan", iterations: 7, rows: 8, counters: counters, wallTime: 0.5))),
      .refused(.usage("bad")), .refused(.runFailed("worse")), .refused(.pluginLoad("worst")),
    ]
  }

  func encode(_ messages: [WorkerMessage]) -> [UInt8] {
    var writer = WireWriter()
    for message in messages { message.encode(into: &writer) }
    return writer.bytes
  }

  /// Compares by encoding again: bit-for-bit equality, NaN included.
  func assertSame(
    _ decoded: [WorkerMessage], _ expected: [WorkerMessage], file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(decoded.count, expected.count, file: file, line: line)
    XCTAssertEqual(encode(decoded), encode(expected), file: file, line: line)
  }

  func testEveryMessageRoundTrips() throws {
    let bytes = encode(messages)
    var offset = 0
    var decoded: [WorkerMessage] = []
    while let message = try WorkerMessage.decode(bytes, at: &offset) { decoded.append(message) }
    XCTAssertEqual(offset, bytes.count)
    assertSame(decoded, messages)
    if case .event(.row(let row)) = decoded[3] {
      XCTAssertTrue(row.values[0].isNaN)
      XCTAssertEqual(row.values[3].sign, .minus)
      XCTAssertEqual(row.counters.sampleGradient, .max)
    } else {
      XCTFail("the row did not come back as a row")
    }
    if case .event(.started(let start)) = decoded[0] { XCTAssertEqual(start.blasThreads, 0) }
    if case .event(.started(let start)) = decoded[1] { XCTAssertNil(start.blasThreads) }
  }

  func testFramesSplitAtEveryByteAreReassembled() throws {
    let bytes = encode(Array(messages.prefix(6)))
    for cut in 0..<bytes.count {
      var buffer = Array(bytes[0..<cut])
      var offset = 0
      var decoded: [WorkerMessage] = []
      while let message = try WorkerMessage.decode(buffer, at: &offset) { decoded.append(message) }
      buffer += bytes[cut...]
      while let message = try WorkerMessage.decode(buffer, at: &offset) { decoded.append(message) }
      assertSame(decoded, Array(messages.prefix(6)))
    }
  }

  func testDamagedFramesAreRejected() {
    var bytes = encode([.event(.columns(["f"]))])
    bytes[4] = 99  // unknown tag
    var offset = 0
    XCTAssertThrowsError(try WorkerMessage.decode(bytes, at: &offset))
    var short = encode([.event(.resultReal(key: "k", value: 1))])
    short[0] -= 3  // the frame claims fewer bytes than its fields need
    offset = 0
    XCTAssertThrowsError(try WorkerMessage.decode(short, at: &offset))
    var long = encode([.event(.log(.info, "x"))])
    long[0] += 1
    long.append(0)  // a trailing byte inside the frame
    offset = 0
    XCTAssertThrowsError(try WorkerMessage.decode(long, at: &offset))
  }
}
