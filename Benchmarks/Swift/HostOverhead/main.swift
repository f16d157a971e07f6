// The host's per-call overhead on oracle dispatch: a trivial C-ABI objective (f = x₀) called directly through its
// table, against the same table behind the host's counting interposer (counting on, and off as inside
// `Run.uncounted`). Alternating pairs of 10⁶ calls; prints min and median ns per call and the overhead.
//
//   swift run -c release host-overhead-benchmark [--pairs 21] [--calls 1000000] [--json OUT]
import CCatalogue
import CatalogueHost
import Foundation

final class DiscardingSink: RunEventSink {
  func handle(_ event: RunEvent) throws(CatalogueError) {}
}

var pairs = 21
var calls = 1_000_000
var jsonPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
  switch flag {
  case "--pairs": pairs = Int(arguments.popFirst() ?? "") ?? pairs
  case "--calls": calls = Int(arguments.popFirst() ?? "") ?? calls
  case "--json": jsonPath = arguments.popFirst()
  case "--quick": (pairs, calls) = (7, 200_000)
  default: break
  }
}

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
  let start = DispatchTime.now().uptimeNanoseconds
  for _ in 0..<calls {
    _ = value(ctx, &x, nil, 0, &f)
    sum += f
    x += 1e-12
  }
  let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
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

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
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
    format: "  overhead of the host: %.2f ns per call counting, %.2f ns counting off (target ≤ 10 ns)", 1e9 * overhead,
    1e9 * overheadOff))
if let jsonPath {
  let row: [String: Any] = [
    "workload": "oracle dispatch through the host (counting)", "ours_s": median(counted),
    "references": ["direct": median(direct)], "bound_s": NSNull(), "pairs": pairs,
  ]
  let data = try JSONSerialization.data(withJSONObject: [row])
  FileManager.default.createFile(atPath: jsonPath, contents: data)
}
