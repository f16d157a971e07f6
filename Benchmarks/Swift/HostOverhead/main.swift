// The host's overheads in CPU time (user + system), measured in alternating pairs (min and median):
// - oracle dispatch: a trivial C-ABI objective (f = x₀) called directly through its table, against the same table
//   behind the host's counting interposer (counting on, and off as inside `Run.uncounted`), rounds of 10⁶ calls;
// - trace rows: `report` through the host-services table into a run folder's trace.csv and timing.csv
//   (TraceRowBenchmark), against the same reports into a sink that discards them, rounds of 10⁵ rows.
//
//   swift run -c release host-overhead-benchmark [--pairs 21] [--calls 1000000] [--rows 100000]
//     [--only oracle|rows] [--quick] [--json OUT]
import CCatalogue
import CatalogueHost
import Foundation

var pairs = 21
var calls = 1_000_000
var rowCount = 100_000
var only: String?
var jsonPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
  switch flag {
  case "--pairs": pairs = Int(arguments.popFirst() ?? "") ?? pairs
  case "--calls": calls = Int(arguments.popFirst() ?? "") ?? calls
  case "--rows": rowCount = Int(arguments.popFirst() ?? "") ?? rowCount
  case "--only": only = arguments.popFirst()
  case "--json": jsonPath = arguments.popFirst()
  case "--quick": (pairs, calls, rowCount) = (7, 200_000, 50_000)
  default: break
  }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Rows for `--json` (Benchmarks/run.py's format).
var jsonRows: [[String: Any]] = []

if only == nil || only == "oracle" {
  var table = cat_objective_oracles()
  table.struct_size = UInt32(MemoryLayout<cat_objective_oracles>.size)
  table.dim = 1
  table.value = { _, x, _, _, f in
    f!.pointee = x!.pointee
    return 0
  }
  var problem = cat_problem()
  problem.struct_size = UInt32(MemoryLayout<cat_problem>.size)
  problem.kind = cat_problem_kind(CAT_KIND_OBJECTIVE)

  let interposer = OracleInterposer(
    original: problem, objective: table, bilevel: nil, sampling: nil, regression: nil, graphs: nil)
  let context = RunContext(algorithmID: "bench", stopping: StoppingCriteria(maxIters: 1), sink: DiscardingSink())
  interposer.run = context
  let wrapped = interposer.wrapped.pointee
  let wrappedValue = wrapped.objective!.pointee.value!
  let directValue = table.value!

  /// Seconds per call of `call` over `calls` calls.
  @inline(never)
  func time(
    _ value:
      @convention(c) (
        UnsafeMutableRawPointer?, UnsafePointer<Double>?, UnsafePointer<UInt64>?, UInt64, UnsafeMutablePointer<Double>?
      ) -> cat_status, ctx: UnsafeMutableRawPointer?, calls: Int
  ) -> Double {
    var x = 1.0
    var f = 0.0
    var sum = 0.0
    let start = CPUClock.seconds()
    for _ in 0..<calls {
      _ = value(ctx, &x, nil, 0, &f)
      sum += f
      x += 1e-12
    }
    let elapsed = (CPUClock.seconds() - start)
    precondition(sum > 0)
    return elapsed / Double(calls)
  }

  var direct: [Double] = []
  var counted: [Double] = []
  var uncounted: [Double] = []
  for _ in 0..<pairs {
    direct.append(time(directValue, ctx: nil, calls: calls))
    context.countingEnabled = true
    counted.append(time(wrappedValue, ctx: wrapped.ctx, calls: calls))
    context.countingEnabled = false
    uncounted.append(time(wrappedValue, ctx: wrapped.ctx, calls: calls))
  }
  precondition(context.counters.value == UInt64(pairs * calls), "every counted call was counted")

  let rows: [(String, [Double])] = [
    ("direct call through the plugin's table", direct), ("through the host, counting", counted),
    ("through the host, counting off", uncounted),
  ]
  print("oracle dispatch, \(pairs) alternating rounds of \(calls) calls (ns per call: min / median)")
  for (label, values) in rows {
    print(
      "  \(label.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(format: "%6.2f / %6.2f", 1e9 * values.min()!, 1e9 * median(values)))"
    )
  }
  let overhead = median(counted) - median(direct)
  let overheadOff = median(uncounted) - median(direct)
  print(
    String(
      format: "  overhead of the host: %.2f ns per call counting, %.2f ns counting off (target ≤ 10 ns)",
      1e9 * overhead,
      1e9 * overheadOff))
  jsonRows.append([
    "workload": "oracle dispatch through the host (counting)", "ours_s": counted.min()!,
    "references": ["direct": direct.min()!], "bound_s": NSNull(), "pairs": pairs,
    "ours_median_s": median(counted), "references_median": ["direct": median(direct)],
  ])
}

if only == nil || only == "rows" {
  let scratch = FileSystem.join(NSTemporaryDirectory(), "host-overhead-\(getpid())")
  try FileSystem.makeDirectories(scratch)
  defer { FileSystem.removeTree(scratch) }
  let benchmark = TraceRowBenchmark(rows: rowCount, scratch: scratch)
  var folder: [Double] = []
  var folderSystem: [Double] = []
  var discarded: [Double] = []
  for _ in 0..<pairs {
    let system = CPUClock.systemSeconds()
    folder.append(try benchmark.secondsPerRow(toFolder: true))
    folderSystem.append((CPUClock.systemSeconds() - system) / Double(rowCount))
    discarded.append(try benchmark.secondsPerRow(toFolder: false))
  }
  print("trace rows, \(pairs) alternating rounds of \(rowCount) rows of 4 columns (µs per row: min / median)")
  for (label, values) in [
    ("report into trace.csv and timing.csv", folder), ("report into a discarding sink", discarded),
  ] {
    print(
      "  \(label.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(format: "%6.3f / %6.3f", 1e6 * values.min()!, 1e6 * median(values)))"
    )
  }
  print(
    String(
      format: "  of which in the kernel (getrusage)         %6.3f / %6.3f",
      1e6 * folderSystem.min()!, 1e6 * median(folderSystem)))
  print(String(format: "  one trace row: %.3f µs (median; target ≤ 0.5 µs)", 1e6 * median(folder)))
  jsonRows.append([
    "workload": "one trace row through the host into trace.csv (in-process)", "ours_s": folder.min()!,
    "references": ["discarding sink": discarded.min()!], "bound_s": NSNull(), "pairs": pairs,
    "ours_median_s": median(folder), "references_median": ["discarding sink": median(discarded)],
  ])
}

if let jsonPath {
  let data = try JSONSerialization.data(withJSONObject: jsonRows)
  FileManager.default.createFile(atPath: jsonPath, contents: data)
}
