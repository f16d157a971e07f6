import CCatalogue
import SeededRandom

/// A plugin declared in plain Swift: identity, citation, and what it registers.
///
/// The author writes one `Plugin` value and a three-line entry point; ``descriptor()`` translates the declaration
/// into the C descriptor tree of `catalogue.h`, so no author ever fills a C struct by hand:
///
/// ```swift
/// private let descriptor = myPlugin.descriptor()
///
/// @c @implementation
/// public func catalogue_plugin_entry(
///   _ major: UInt32, _ minor: UInt32, _ host: UnsafePointer<cat_host_api>?
/// ) -> UnsafePointer<cat_plugin>? {
///   Plugin.entry(major, minor, host, descriptor)
/// }
/// ```
public struct Plugin: Sendable {
  /// Reverse-DNS-like, stable id: `org.catalogue.baselines`.
  public var id: String
  /// Display name.
  public var name: String
  /// Semantic version `MAJOR.MINOR.PATCH`.
  public var version: String
  /// One line.
  public var summary: String
  /// SPDX license identifier.
  public var license: String
  /// The paper the plugin implements, if any.
  public var citation: Citation?
  /// Algorithms.
  public var algorithms: [Algorithm]
  /// Problem families.
  public var problems: [ProblemFamily]
  /// Experiments.
  public var experiments: [Experiment]

  /// Declares a plugin.
  public init(
    id: String, name: String, version: String, summary: String, license: String = "Apache-2.0",
    citation: Citation? = nil, algorithms: [Algorithm] = [], problems: [ProblemFamily] = [],
    experiments: [Experiment] = []
  ) {
    self.id = id
    self.name = name
    self.version = version
    self.summary = summary
    self.license = license
    self.citation = citation
    self.algorithms = algorithms
    self.problems = problems
    self.experiments = experiments
  }

  /// ABI negotiation for an entry point: returns the descriptor if the host's version is compatible, otherwise
  /// sets a reason through the host and returns NULL.
  public static func entry(
    _ hostMajor: UInt32, _ hostMinor: UInt32, _ host: UnsafePointer<cat_host_api>?,
    _ descriptor: @autoclosure () -> PluginDescriptor
  ) -> UnsafePointer<cat_plugin>? {
    guard hostMajor == UInt32(CAT_ABI_MAJOR), hostMinor >= UInt32(CAT_ABI_MINOR) else {
      let reason =
        "plugin built for catalogue ABI \(CAT_ABI_MAJOR).\(CAT_ABI_MINOR), host speaks \(hostMajor).\(hostMinor)"
      reason.withCString { host?.pointee.set_error?($0) }
      return nil
    }
    return descriptor().pointer
  }

  /// Builds the C descriptor tree (once per process: keep the result in a global `let`).
  public func descriptor() -> PluginDescriptor {
    var plugin = cat_plugin()
    plugin.struct_size = UInt32(MemoryLayout<cat_plugin>.size)
    plugin.abi_major = UInt32(CAT_ABI_MAJOR)
    plugin.abi_minor = UInt32(CAT_ABI_MINOR)
    plugin.id = Permanent.string(id)
    plugin.name = Permanent.string(name)
    plugin.version = Permanent.string(version)
    plugin.summary = Permanent.string(summary)
    plugin.license = Permanent.string(license)
    plugin.citation = citation.map { $0.descriptor() }
    plugin.algorithm_count = UInt32(algorithms.count)
    plugin.algorithms = Permanent.array(algorithms.map { Optional($0.descriptor()) })
    plugin.problem_count = UInt32(problems.count)
    plugin.problems = Permanent.array(problems.map { Optional($0.descriptor()) })
    plugin.experiment_count = UInt32(experiments.count)
    plugin.experiments = Permanent.array(experiments.map { Optional($0.descriptor()) })
    return PluginDescriptor(pointer: Permanent.object(plugin))
  }
}

/// The built C descriptor tree: immutable once built, so it may live in a global constant.
public struct PluginDescriptor: @unchecked Sendable {
  /// The `cat_plugin` the entry point returns.
  public let pointer: UnsafePointer<cat_plugin>
}

extension Citation {
  func descriptor() -> UnsafePointer<cat_citation> {
    var c = cat_citation()
    c.struct_size = UInt32(MemoryLayout<cat_citation>.size)
    c.year = UInt32(year)
    c.authors = Permanent.string(authors)
    c.title = Permanent.string(title)
    c.venue = Permanent.string(venue)
    c.arxiv_id = Permanent.optionalString(arxiv)
    c.url = Permanent.optionalString(url)
    return Permanent.object(c)
  }
}

extension Parameter {
  func descriptor() -> UnsafePointer<cat_param_desc> {
    var p = cat_param_desc()
    p.struct_size = UInt32(MemoryLayout<cat_param_desc>.size)
    p.id = Permanent.string(id)
    p.help = Permanent.string(help)
    p.unit = Permanent.optionalString(unit)
    p.flags = logScale ? UInt32(CAT_PARAM_FLAG_LOG_SCALE) : 0
    p.min_real = -.infinity
    p.max_real = .infinity
    p.min_int = .min
    p.max_int = .max
    switch kind {
    case .real(let value, let min, let max, let minExclusive, let maxExclusive):
      p.kind = UInt32(CAT_PARAM_REAL)
      p.default_real = value
      p.min_real = min
      p.max_real = max
      if minExclusive { p.flags |= UInt32(CAT_PARAM_FLAG_MIN_EXCLUSIVE) }
      if maxExclusive { p.flags |= UInt32(CAT_PARAM_FLAG_MAX_EXCLUSIVE) }
    case .int(let value, let min, let max):
      p.kind = UInt32(CAT_PARAM_INT)
      p.default_int = Int64(value)
      p.min_int = Int64(min)
      p.max_int = Int64(max)
    case .bool(let value):
      p.kind = UInt32(CAT_PARAM_BOOL)
      p.default_int = value ? 1 : 0
    case .choice(let value, let choices):
      p.kind = UInt32(CAT_PARAM_CHOICE)
      p.default_string = Permanent.string(value)
      p.choice_count = UInt32(choices.count)
      p.choices = Permanent.strings(choices)
    case .string(let value):
      p.kind = UInt32(CAT_PARAM_STRING)
      p.default_string = Permanent.string(value)
    }
    return Permanent.object(p)
  }
}

func parameterArray(_ parameters: [Parameter]) -> UnsafePointer<UnsafePointer<cat_param_desc>?>? {
  Permanent.array(parameters.map { Optional($0.descriptor()) })
}

/// The Swift side of an algorithm descriptor's `user_data`: the declaration, kept alive for the process.
final class AlgorithmBox: @unchecked Sendable {
  let algorithm: Algorithm
  init(_ algorithm: Algorithm) { self.algorithm = algorithm }
}

/// The Swift side of a problem descriptor's `user_data`.
final class ProblemFamilyBox: @unchecked Sendable {
  let family: ProblemFamily
  init(_ family: ProblemFamily) { self.family = family }
}

extension Algorithm {
  func descriptor() -> UnsafePointer<cat_algorithm_desc> {
    var a = cat_algorithm_desc()
    a.struct_size = UInt32(MemoryLayout<cat_algorithm_desc>.size)
    switch provenance {
    case .verified: a.provenance = UInt32(CAT_PROVENANCE_VERIFIED)
    case .reconstructed: a.provenance = UInt32(CAT_PROVENANCE_RECONSTRUCTED)
    case .standard: a.provenance = UInt32(CAT_PROVENANCE_STANDARD)
    }
    a.id = Permanent.string(id)
    a.name = Permanent.string(name)
    a.summary = Permanent.string(summary)
    a.provenance_note = Permanent.string(provenance.note)
    a.citation = citation.map { $0.descriptor() }
    a.problem_kinds = accepts.reduce(0) { $0 | $1.bit }
    a.needs = needs.rawValue
    a.default_problem = Permanent.string(defaultProblem)
    a.default_max_iters = UInt64(defaultMaxIterations)
    a.param_count = UInt32(parameters.count)
    a.params = parameterArray(parameters)
    a.user_data = UnsafeRawPointer(Unmanaged.passRetained(AlgorithmBox(self)).toOpaque())
    a.run = { selfDesc, hostAPI, runHandle, params, problem, rngState in
      guard let selfDesc, let hostAPI, let userData = selfDesc.pointee.user_data else { return 7 }
      let host = HostServices(hostAPI)
      let box = Unmanaged<AlgorithmBox>.fromOpaque(userData).takeUnretainedValue()
      return host.guarded {
        guard let problem else { throw PluginError(.invalidArgument, "run() was given no problem") }
        let instance = try ForeignProblem.wrap(problem, host: host)
        let rng = rngState.map { CatalogueRandom($0.pointee) } ?? CatalogueRandom(seed: 0)
        let run = Run(
          host: host, handle: runHandle, parameters: ParameterValues(host: host, handle: params),
          problem: instance, rng: rng)
        defer { if let rngState { rngState.pointee = run.rng.cState } }
        try box.algorithm.body(run)
      }
    }
    return Permanent.object(a)
  }
}

extension ProblemFamily {
  func descriptor() -> UnsafePointer<cat_problem_desc> {
    var p = cat_problem_desc()
    p.struct_size = UInt32(MemoryLayout<cat_problem_desc>.size)
    p.kind = kind.rawValue
    p.id = Permanent.string(id)
    p.name = Permanent.string(name)
    p.summary = Permanent.string(summary)
    p.param_count = UInt32(parameters.count)
    p.params = parameterArray(parameters)
    p.user_data = UnsafeRawPointer(Unmanaged.passRetained(ProblemFamilyBox(self)).toOpaque())
    p.create = { selfDesc, hostAPI, params, rngState, out in
      guard let selfDesc, let hostAPI, let userData = selfDesc.pointee.user_data, let out else { return 7 }
      let host = HostServices(hostAPI)
      let box = Unmanaged<ProblemFamilyBox>.fromOpaque(userData).takeUnretainedValue()
      return host.guarded {
        var rng = rngState.map { CatalogueRandom($0.pointee) } ?? CatalogueRandom(seed: 0)
        defer { if let rngState { rngState.pointee = rng.cState } }
        let instance = try box.family.make(ParameterValues(host: host, handle: params), &rng)
        guard instance.kind == box.family.kind else {
          throw PluginError(
            .internal, "problem \(box.family.id) declared kind \(box.family.kind) but built \(instance.kind)")
        }
        out.pointee = ExportedProblem.export(instance, host: host)
      }
    }
    return Permanent.object(p)
  }
}

extension Experiment {
  func descriptor() -> UnsafePointer<cat_experiment_desc> {
    func assignments(_ pairs: [(String, String)]) -> UnsafePointer<CChar>? {
      pairs.isEmpty ? nil : Permanent.string(pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ";"))
    }
    var e = cat_experiment_desc()
    e.struct_size = UInt32(MemoryLayout<cat_experiment_desc>.size)
    e.id = Permanent.string(id)
    e.title = Permanent.string(title)
    e.summary = Permanent.string(summary)
    e.run_count = UInt32(runs.count)
    e.runs = Permanent.array(
      runs.map { group -> UnsafePointer<cat_experiment_run>? in
        var r = cat_experiment_run()
        r.struct_size = UInt32(MemoryLayout<cat_experiment_run>.size)
        r.seed_count = UInt32(group.seeds)
        r.label = Permanent.string(group.label)
        r.algorithm = Permanent.string(group.algorithm)
        r.problem = Permanent.optionalString(group.problem)
        r.algorithm_params = assignments(group.algorithmParameters)
        r.problem_params = assignments(group.problemParameters)
        r.first_seed = UInt64(group.firstSeed)
        r.max_iters = UInt64(group.maxIterations)
        r.quick_seed_count = UInt32(group.quickSeeds)
        r.quick_max_iters = UInt64(group.quickMaxIterations)
        r.flags = group.fullOnly ? UInt32(CAT_EXPERIMENT_FULL_ONLY) : 0
        return Permanent.object(r)
      })
    e.claim_count = UInt32(claims.count)
    e.claims = Permanent.array(
      claims.map { claim -> UnsafePointer<cat_claim>? in
        var c = cat_claim()
        c.struct_size = UInt32(MemoryLayout<cat_claim>.size)
        c.id = Permanent.string(claim.id)
        c.statement = Permanent.string(claim.statement)
        c.run = Permanent.string(claim.run)
        c.metric = Permanent.string(claim.metric)
        c.aggregate = claim.aggregate.rawValue
        c.flags = claim.fullOnly ? UInt32(CAT_EXPERIMENT_FULL_ONLY) : 0
        c.lower = -.infinity
        c.upper = .infinity
        switch claim.check {
        case .range(let lower, let upper):
          c.kind = UInt32(CAT_CLAIM_RANGE)
          c.lower = lower
          c.upper = upper
        case .atMostRatio(let other, let ratio):
          c.kind = UInt32(CAT_CLAIM_AT_MOST_RATIO)
          c.other_run = Permanent.string(other)
          c.upper = ratio
        case .logLogSlope(let lower, let upper):
          c.kind = UInt32(CAT_CLAIM_LOG_LOG_SLOPE)
          c.lower = lower
          c.upper = upper
        case .reduction(let factor):
          c.kind = UInt32(CAT_CLAIM_REDUCTION)
          c.upper = factor
        }
        return Permanent.object(c)
      })
    return Permanent.object(e)
  }
}

extension CatalogueRandom {
  /// Restores the generator from the ABI's `cat_rng` state.
  public init(_ state: cat_rng) {
    self.init(
      state: (state.s.0, state.s.1, state.s.2, state.s.3),
      cachedNormal: state.has_cached_normal != 0 ? state.cached_normal : nil)
  }

  /// The generator's state in the ABI's `cat_rng` layout.
  public var cState: cat_rng {
    var c = cat_rng()
    c.s = state
    c.cached_normal = cachedNormal ?? 0
    c.has_cached_normal = cachedNormal == nil ? 0 : 1
    return c
  }
}
