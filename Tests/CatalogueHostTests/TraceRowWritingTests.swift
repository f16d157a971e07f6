import XCTest

@testable import CatalogueHost

/// Trace rows reach trace.csv and timing.csv and the worker stream unchanged by the allocation-free row path: the
/// files hold exactly the text the host wrote when it joined `String`s, whether a row arrives as a view
/// (`handleRow`) or as a `.row` event, and a row frame is the generic encoding of the same event.
final class TraceRowWritingTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileSystem.join(NSTemporaryDirectory(), "trace-rows-\(UUID().uuidString)")
    addTeardownBlock { [folder] in FileSystem.removeTree(folder) }
  }

  static let plan: RunPlan = {
    let problem = ProblemInfo(id: "p", name: "P", summary: "", kind: .objective, parameters: [])
    let algorithm = AlgorithmInfo(
      id: "a", name: "A", summary: "", provenance: .standard, provenanceNote: "", citation: nil,
      problemKinds: [.objective], needs: [], defaultProblem: "p", defaultMaxIters: 10, parameters: [])
    let info = PluginInfo(
      id: "org.catalogue.test", name: "t", version: SemanticVersion(1, 0, 0), summary: "", license: "MIT",
      citation: nil, abiMajor: 1, abiMinor: 0, algorithms: [algorithm], problems: [problem], experiments: [])
    let plugin = LoadedPlugin(info: info, file: "/dev/null", origin: .executableFolder, raw: nil)
    return RunPlan(
      algorithm: AlgorithmHandle(plugin: plugin, index: 0), problem: ProblemHandle(plugin: plugin, index: 0),
      algorithmParameters: ResolvedParameters(entries: []), problemParameters: ResolvedParameters(entries: []),
      seed: 1, stopping: StoppingCriteria(maxIters: 10))
  }()

  var rows: [TraceRow] {
    var counters = OracleCounters()
    counters.value = 3
    counters.gradient = 1_000_000_007
    counters.sampleGradient = .max
    counters.hessianVector = 0
    counters.innerStep = 42
    return [
      TraceRow(
        iteration: 0, values: [9.269125913847418, 3.3237022790627586, 0.1], counters: OracleCounters(), elapsed: 0),
      TraceRow(iteration: 1, values: [-0.0, 1e-5, 1e16], counters: counters, elapsed: 0.028649971),
      TraceRow(iteration: 17, values: [.nan, -.infinity, 5e-324], counters: counters, elapsed: 1.5),
      TraceRow(iteration: .max, values: [-.nan, .infinity, 123456.789], counters: counters, elapsed: 1e-9),
    ]
  }

  /// Rows equal bit for bit (NaN included, which `==` never equates).
  func same(_ a: TraceRow?, _ b: TraceRow?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.iteration == b.iteration && a.counters == b.counters && a.elapsed.bitPattern == b.elapsed.bitPattern
      && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
  }

  /// The files as the host wrote them before the row path wrote bytes directly: `String`s joined with commas.
  func joinedText(_ rows: [TraceRow]) -> (trace: String, timing: String) {
    var trace = "iter,f,grad_norm,x,n_value,n_grad,n_sample_grad,n_hvp,n_inner\n"
    var timing = "iter,time_s\n"
    for row in rows {
      var line = String(row.iteration)
      for value in row.values { line += "," + NumberFormat.shortest(value) }
      for count in row.counters.values { line += "," + String(count) }
      trace += line + "\n"
      timing += "\(row.iteration),\(NumberFormat.shortest(row.elapsed))\n"
    }
    return (trace, timing)
  }

  func written(viaViews: Bool) throws -> (trace: String, timing: String) {
    let path = FileSystem.join(folder, viaViews ? "views" : "events")
    let invocation = RunInvocation(commandLine: ["t"], startTime: 0, hostName: "h", openBLASThreadsVariable: nil)
    let writer = RunFolderWriter(plan: Self.plan, invocation: invocation, path: path, explicit: true)
    try writer.handle(.started(RunStart(references: [], metricNames: [])))
    try writer.handle(.columns(["f", "grad_norm", "x"]))
    for row in rows {
      if viaViews { try row.withView(writer.handleRow) } else { try writer.handle(.row(row)) }
    }
    XCTAssertEqual(writer.record.rowCount, rows.count)
    XCTAssertTrue(same(writer.record.lastRow, rows.last))
    try writer.handle(
      .finished(
        RunEnd(
          termination: .completed, message: "done", iterations: 3, rows: 4, counters: OracleCounters(), wallTime: 1)))
    return (
      try FileSystem.readText(FileSystem.join(path, "trace.csv")),
      try FileSystem.readText(FileSystem.join(path, "timing.csv"))
    )
  }

  func testRowsAreWrittenExactlyAsJoinedStrings() throws {
    let expected = joinedText(rows)
    for viaViews in [true, false] {
      let files = try written(viaViews: viaViews)
      XCTAssertEqual(files.trace, expected.trace)
      XCTAssertEqual(files.timing, expected.timing)
    }
    // A golden line, so the reference above cannot drift along with the code it checks.
    XCTAssertTrue(
      expected.trace.contains("\n17,nan,-inf,5e-324,3,1000000007,18446744073709551615,0,42\n"), expected.trace)
  }

  func testTheRecordKeepsTheLastRowWhenTheColumnCountChanges() {
    var record = RunRecord()
    for row in rows + [TraceRow(iteration: 99, values: [1], counters: OracleCounters(), elapsed: 2)] {
      row.values.withUnsafeBufferPointer { values in
        record.apply(
          TraceRowView(iteration: row.iteration, values: values, counters: row.counters, elapsed: row.elapsed))
      }
      XCTAssertTrue(same(record.lastRow, row))
    }
    XCTAssertEqual(record.rowCount, rows.count + 1)
  }

  func testARowFrameIsTheGenericEncodingAndDecodesBack() throws {
    for row in rows {
      var generic = WireWriter()
      WorkerMessage.event(.row(row)).encode(into: &generic)
      var direct = [UInt8](repeating: 0xAA, count: WorkerMessage.rowFrameSize(count: row.values.count))
      row.values.withUnsafeBufferPointer { values in
        direct.withUnsafeMutableBytes { target in
          WorkerMessage.encodeRow(
            TraceRowView(iteration: row.iteration, values: values, counters: row.counters, elapsed: row.elapsed),
            at: target.baseAddress!)
        }
      }
      XCTAssertEqual(direct, generic.bytes)
      // Two frames back to back: the fast decoder takes the first, leaves the second.
      let stream = direct + direct
      var offset = 0
      var values: [Double] = [7, 7, 7, 7, 7, 7]
      let header = try XCTUnwrap(try WorkerMessage.decodeRow(stream, at: &offset, values: &values))
      XCTAssertEqual(offset, direct.count)
      XCTAssertEqual(header.iteration, row.iteration)
      XCTAssertEqual(header.counters, row.counters)
      XCTAssertEqual(header.elapsed, row.elapsed)
      XCTAssertEqual(values.map(\.bitPattern), row.values.map(\.bitPattern))
    }
  }

  func testTheRowDecoderLeavesOtherAndIncompleteFramesAndRefusesDamagedOnes() throws {
    var writer = WireWriter()
    WorkerMessage.event(.log(.info, "x")).encode(into: &writer)
    var offset = 0
    var values: [Double] = []
    XCTAssertNil(try WorkerMessage.decodeRow(writer.bytes, at: &offset, values: &values))
    XCTAssertEqual(offset, 0)
    var row = WireWriter()
    WorkerMessage.event(.row(rows[1])).encode(into: &row)
    for cut in 0..<row.bytes.count {
      XCTAssertNil(try WorkerMessage.decodeRow(Array(row.bytes[0..<cut]), at: &offset, values: &values), "\(cut)")
      XCTAssertEqual(offset, 0)
    }
    var damaged = row.bytes
    damaged[13] &+= 1  // the value count no longer matches the frame length
    XCTAssertThrowsError(try WorkerMessage.decodeRow(damaged, at: &offset, values: &values))
  }
}
