import CCatalogue
import CatalogueHost
import FuzzDriver

/// The host reads the descriptor tree a plugin's entry point returns (catalogue.h's `cat_plugin` and everything it
/// points to) before it trusts any of it: a wrong `struct_size` or ABI version, NULL or malformed strings, counts
/// that disagree with NULL arrays, NULL entries, unknown kinds and nonsense bounds must become one-line reasons,
/// never a crash. Each input is decoded into such a tree in memory (every pointer valid, every array as long as
/// its count, every string NUL-terminated, so whatever goes wrong is the reader's fault) and read as a scan reads
/// it; a tree that is accepted is also sent through the scanner's JSON reply and its fingerprint computed.
@_cdecl("FuzzDescriptor_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  catalogue_fuzz_run(argc, argv, test)
}

/// One input (libFuzzer's `LLVMFuzzerTestOneInput`).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let bytes else { return 0 }
  var tree = DescriptorTree(input: FuzzInput(UnsafeBufferPointer(start: bytes, count: size)))
  defer { tree.release() }
  let plugin = tree.plugin()
  let outcome = PluginLoader.readDescriptors(UnsafeRawPointer(plugin))
  if case .plugin(let info) = outcome {
    _ = info.fingerprint
    if let reply = try? JSONCoding.encode(outcome) { _ = try? JSONCoding.decode(ScanOutcome.self, from: reply) }
  }
  return 0
}

/// Reads the fuzzer's bytes as a stream of small decisions; past the end every decision is 0.
struct FuzzInput {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var offset = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  mutating func byte() -> UInt8 {
    guard offset < bytes.count else { return 0 }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
    var value = T.zero
    for _ in 0..<MemoryLayout<T>.size { value = value << 8 | T(truncatingIfNeeded: byte()) }
    return value
  }

  mutating func real() -> Double {
    switch byte() % 8 {
    case 0: return 0
    case 1: return 1
    case 2: return -1
    case 3: return .infinity
    case 4: return -.infinity
    case 5: return .nan
    default: return Double(bitPattern: integer(UInt64.self))
    }
  }
}

/// A descriptor tree built from a `FuzzInput`, in memory it owns until `release()`.
struct DescriptorTree {
  var input: FuzzInput
  private var allocations: [UnsafeMutableRawPointer] = []

  init(input: FuzzInput) {
    self.input = input
  }

  /// Frees every allocation.
  mutating func release() {
    for pointer in allocations { pointer.deallocate() }
    allocations = []
  }

  /// Zeroed memory for one `T` (plus slack, so a `struct_size` that claims more than the host's layout still
  /// points at readable memory up to what the reader may copy).
  private mutating func allocate<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    let size = MemoryLayout<T>.size + 64
    let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<T>.alignment)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    allocations.append(memory)
    return memory.assumingMemoryBound(to: T.self)
  }

  /// A `struct_size`: mostly the right one, sometimes too small, zero, a little larger, or anything.
  private mutating func structSize<T>(_: T.Type) -> UInt32 {
    let size = UInt32(MemoryLayout<T>.size)
    switch input.byte() % 10 {
    case 0: return 0
    case 1: return size - 8
    case 2: return size + 8
    case 3: return input.integer(UInt32.self)
    default: return size
    }
  }

  /// A NUL-terminated string or NULL: a well-formed id, a version, empty, or arbitrary bytes (invalid UTF-8
  /// included).
  private mutating func string(_ wellFormed: String) -> UnsafePointer<CChar>? {
    let text: [UInt8]
    switch input.byte() % 8 {
    case 0: return nil
    case 1: text = []
    case 2, 3, 4: text = Array(wellFormed.utf8)
    default:
      let count = Int(input.byte() % 48)
      text = (0..<count).map { _ in input.byte() }.map { $0 == 0 ? 0x41 : $0 }
    }
    let memory = UnsafeMutableRawPointer.allocate(byteCount: text.count + 1, alignment: 1)
    allocations.append(memory)
    let characters = memory.bindMemory(to: CChar.self, capacity: text.count + 1)
    for (index, byte) in text.enumerated() { characters[index] = CChar(bitPattern: byte) }
    characters[text.count] = 0
    return UnsafePointer(characters)
  }

  /// An array of `count` pointers (some NULL), NULL itself now and then, whatever the count.
  private mutating func array<T>(_ count: UInt32, _ make: (inout DescriptorTree) -> UnsafePointer<T>?)
    -> UnsafePointer<UnsafePointer<T>?>?
  {
    if input.byte() % 16 == 0 { return nil }
    let memory = UnsafeMutableRawPointer.allocate(
      byteCount: max(Int(count), 1) * MemoryLayout<UnsafePointer<T>?>.stride,
      alignment: MemoryLayout<UnsafePointer<T>?>.alignment)
    allocations.append(memory)
    let entries = memory.bindMemory(to: UnsafePointer<T>?.self, capacity: max(Int(count), 1))
    for index in 0..<Int(count) {
      entries[index] = input.byte() % 16 == 0 ? nil : make(&self)
    }
    return UnsafePointer(entries)
  }

  /// A count of array entries: mostly 0 to 3.
  private mutating func count() -> UInt32 {
    let byte = input.byte()
    return byte < 250 ? UInt32(byte % 4) : UInt32(byte - 246)
  }

  /// A non-NULL address for a function pointer the reader only compares with NULL (never called), or NULL.
  private mutating func function<F>(_: F.Type) -> F {
    let address = UnsafeRawPointer(bitPattern: input.byte() % 8 == 0 ? 0 : 0x1000)
    return unsafeBitCast(address, to: F.self)
  }

  mutating func plugin() -> UnsafeMutablePointer<cat_plugin> {
    let plugin = allocate(cat_plugin.self)
    plugin.pointee.struct_size = structSize(cat_plugin.self)
    plugin.pointee.abi_major = input.byte() % 8 == 0 ? input.integer(UInt32.self) : UInt32(CAT_ABI_MAJOR)
    plugin.pointee.abi_minor = input.byte() % 8 == 0 ? input.integer(UInt32.self) : UInt32(CAT_ABI_MINOR)
    plugin.pointee.id = string("org.catalogue.fuzz")
    plugin.pointee.name = string("Fuzz")
    plugin.pointee.version = string("1.2.3")
    plugin.pointee.summary = string("a fuzzed plugin")
    plugin.pointee.license = string("MIT")
    plugin.pointee.citation = input.byte() % 2 == 0 ? nil : UnsafePointer(citation())
    plugin.pointee.algorithm_count = count()
    plugin.pointee.problem_count = count()
    plugin.pointee.experiment_count = count()
    plugin.pointee.algorithms = array(plugin.pointee.algorithm_count) { UnsafePointer($0.algorithm()) }
    plugin.pointee.problems = array(plugin.pointee.problem_count) { UnsafePointer($0.problem()) }
    plugin.pointee.experiments = array(plugin.pointee.experiment_count) { UnsafePointer($0.experiment()) }
    return plugin
  }

  private mutating func citation() -> UnsafeMutablePointer<cat_citation> {
    let citation = allocate(cat_citation.self)
    citation.pointee.struct_size = structSize(cat_citation.self)
    citation.pointee.year = input.integer(UInt32.self)
    citation.pointee.authors = string("A. Author")
    citation.pointee.title = string("A title")
    citation.pointee.venue = string("arXiv")
    citation.pointee.arxiv_id = string("2401.00001")
    citation.pointee.url = string("https://example.org")
    return citation
  }

  private mutating func algorithm() -> UnsafeMutablePointer<cat_algorithm_desc> {
    let algorithm = allocate(cat_algorithm_desc.self)
    algorithm.pointee.struct_size = structSize(cat_algorithm_desc.self)
    algorithm.pointee.provenance = input.integer(UInt8.self) % 5 == 4 ? input.integer() : UInt32(input.byte() % 4)
    algorithm.pointee.id = string("gd")
    algorithm.pointee.name = string("Gradient descent")
    algorithm.pointee.summary = string("steps")
    algorithm.pointee.provenance_note = string("checked")
    algorithm.pointee.citation = input.byte() % 4 == 0 ? UnsafePointer(citation()) : nil
    algorithm.pointee.problem_kinds = input.integer(UInt32.self)
    algorithm.pointee.needs = input.integer(UInt32.self)
    algorithm.pointee.default_problem = string("quadratic")
    algorithm.pointee.default_max_iters = input.integer(UInt64.self)
    algorithm.pointee.param_count = count()
    algorithm.pointee.params = array(algorithm.pointee.param_count) { UnsafePointer($0.parameter()) }
    algorithm.pointee.run = function(type(of: algorithm.pointee.run))
    return algorithm
  }

  private mutating func problem() -> UnsafeMutablePointer<cat_problem_desc> {
    let problem = allocate(cat_problem_desc.self)
    problem.pointee.struct_size = structSize(cat_problem_desc.self)
    problem.pointee.kind = input.byte() % 8 == 0 ? input.integer(UInt32.self) : UInt32(input.byte() % 5)
    problem.pointee.id = string("quadratic")
    problem.pointee.name = string("Quadratic")
    problem.pointee.summary = string("a bowl")
    problem.pointee.param_count = count()
    problem.pointee.params = array(problem.pointee.param_count) { UnsafePointer($0.parameter()) }
    problem.pointee.create = function(type(of: problem.pointee.create))
    return problem
  }

  private mutating func parameter() -> UnsafeMutablePointer<cat_param_desc> {
    let parameter = allocate(cat_param_desc.self)
    parameter.pointee.struct_size = structSize(cat_param_desc.self)
    parameter.pointee.kind = input.byte() % 8 == 0 ? input.integer(UInt32.self) : UInt32(input.byte() % 6)
    parameter.pointee.id = string("step_size")
    parameter.pointee.help = string("the step")
    parameter.pointee.unit = string("1/L")
    parameter.pointee.flags = input.integer(UInt32.self)
    parameter.pointee.choice_count = count()
    parameter.pointee.choices = array(parameter.pointee.choice_count) { $0.string("fast") }
    parameter.pointee.default_real = input.real()
    parameter.pointee.min_real = input.real()
    parameter.pointee.max_real = input.real()
    parameter.pointee.default_int = input.integer(Int64.self)
    parameter.pointee.min_int = input.integer(Int64.self)
    parameter.pointee.max_int = input.integer(Int64.self)
    parameter.pointee.default_string = string("fast")
    return parameter
  }

  private mutating func experiment() -> UnsafeMutablePointer<cat_experiment_desc> {
    let experiment = allocate(cat_experiment_desc.self)
    experiment.pointee.struct_size = structSize(cat_experiment_desc.self)
    experiment.pointee.id = string("fuzz-experiment")
    experiment.pointee.title = string("A title")
    experiment.pointee.summary = string("what runs")
    experiment.pointee.run_count = count()
    experiment.pointee.runs = array(experiment.pointee.run_count) { UnsafePointer($0.experimentRun()) }
    experiment.pointee.claim_count = count()
    experiment.pointee.claims = array(experiment.pointee.claim_count) { UnsafePointer($0.claim()) }
    return experiment
  }

  private mutating func experimentRun() -> UnsafeMutablePointer<cat_experiment_run> {
    let run = allocate(cat_experiment_run.self)
    run.pointee.struct_size = structSize(cat_experiment_run.self)
    run.pointee.seed_count = input.integer(UInt32.self)
    run.pointee.label = string("gd")
    run.pointee.algorithm = string("gd")
    run.pointee.problem = string("quadratic")
    run.pointee.algorithm_params = string("step_size=0.1")
    run.pointee.problem_params = string("dim=3")
    run.pointee.first_seed = input.integer(UInt64.self)
    run.pointee.max_iters = input.integer(UInt64.self)
    run.pointee.quick_seed_count = input.integer(UInt32.self)
    run.pointee.quick_max_iters = input.integer(UInt64.self)
    return run
  }

  private mutating func claim() -> UnsafeMutablePointer<cat_claim> {
    let claim = allocate(cat_claim.self)
    claim.pointee.struct_size = structSize(cat_claim.self)
    claim.pointee.kind = input.integer(UInt32.self)
    claim.pointee.id = string("falls")
    claim.pointee.statement = string("f falls")
    claim.pointee.run = string("gd")
    claim.pointee.other_run = string("gd")
    claim.pointee.metric = string("f")
    claim.pointee.aggregate = input.integer(UInt32.self)
    claim.pointee.lower = input.real()
    claim.pointee.upper = input.real()
    return claim
  }
}
