import CCatalogue
import Glibc
import SeededRandom

/// The host-services table (`cat_host_api`) handed to every plugin: parameters, run reporting, oracle counters and
/// the specified random number generator, each a `@convention(c)` function that finds its Swift object through the
/// opaque handle it receives.
///
/// The table is built once and never changes, so every plugin in the process shares it.
public enum HostServices {
  /// The table. Immutable after creation and never freed (plugins may keep the pointer for the process's life).
  nonisolated(unsafe) public static let table: UnsafePointer<cat_host_api> = {
    let pointer = UnsafeMutablePointer<cat_host_api>.allocate(capacity: 1)
    pointer.initialize(to: makeTable())
    return UnsafePointer(pointer)
  }()

  private static func makeTable() -> cat_host_api {
    var api = cat_host_api()
    api.struct_size = UInt32(MemoryLayout<cat_host_api>.size)
    api.abi_major = CatalogueVersion.abiMajor
    api.abi_minor = CatalogueVersion.abiMinor
    api.set_error = { message in ErrorSlot.set(message) }
    api.host_version = UnsafePointer(strdup(CatalogueVersion.host))
    api.last_error = { ErrorSlot.current() }

    api.param_real = { params, id, out in
      HostServices.read(params, id, [.real]) { value in
        guard case .real(let number) = value.1 else { return false }
        out?.pointee = number
        return true
      }
    }
    api.param_int = { params, id, out in
      HostServices.read(params, id, [.int]) { value in
        guard case .int(let number) = value.1 else { return false }
        out?.pointee = number
        return true
      }
    }
    api.param_bool = { params, id, out in
      HostServices.read(params, id, [.bool]) { value in
        guard case .bool(let flag) = value.1 else { return false }
        out?.pointee = flag ? 1 : 0
        return true
      }
    }
    api.param_string = { params, id, out in
      guard let store = ParameterStore.from(params) else { return HostServices.invalid("param_string: params is NULL") }
      return HostServices.read(params, id, [.choice, .string]) { value in
        out?.pointee = store.cString(value.0)
        return true
      }
    }

    api.declare_trace = { run, count, names in
      guard let context = RunContext.from(run) else { return HostServices.invalid("declare_trace: run is NULL") }
      return context.declareTrace(count: count, names: names)
    }
    api.report = { run, iteration, values in
      guard let run else { return Int32(CAT_STOP) }
      return RunContext.with(run) { $0.report(iteration: iteration, values: values) }
    }
    api.progress = { run, fraction, message in
      RunContext.from(run)?.progress(fraction, message: message.map { String(cString: $0) })
    }
    api.log = { run, level, message in
      RunContext.from(run)?.log(level, message.map { String(cString: $0) } ?? "")
    }
    api.should_stop = { run in
      guard let context = RunContext.from(run) else { return 1 }
      return context.shouldStop() ? 1 : 0
    }
    api.finish = { run, reason, message in
      RunContext.from(run)?.finish(reason, message: message.map { String(cString: $0) })
    }
    api.result_real = { run, key, value in
      guard let context = RunContext.from(run) else { return HostServices.invalid("result_real: run is NULL") }
      return context.resultReal(key, value)
    }
    api.result_vector = { run, key, count, values in
      guard let context = RunContext.from(run) else { return HostServices.invalid("result_vector: run is NULL") }
      return context.resultVector(key, count: count, values: values)
    }
    api.count_oracle = { run, kind, count in
      RunContext.from(run)?.countOracle(kind, count)
    }
    api.write_artifact = { run, name, bytes, size in
      guard let context = RunContext.from(run) else { return HostServices.invalid("write_artifact: run is NULL") }
      return context.writeArtifact(name, bytes: bytes, size: size)
    }
    api.set_counting = { run, enabled in
      RunContext.from(run)?.countingEnabled = enabled != 0
    }

    api.rng_seed = { rng, seed, stream in
      rng?.pointee.store(CatalogueRandom(seed: seed, stream: stream))
    }
    api.rng_next = { rng in
      guard let rng else { return 0 }
      var generator = rng.pointee.generator
      defer { rng.pointee.store(generator) }
      return generator.next()
    }
    api.rng_uniform = { rng in
      guard let rng else { return .nan }
      var generator = rng.pointee.generator
      defer { rng.pointee.store(generator) }
      return generator.uniform()
    }
    api.rng_normal = { rng in
      guard let rng else { return .nan }
      var generator = rng.pointee.generator
      defer { rng.pointee.store(generator) }
      return generator.normal()
    }
    return api
  }

  /// Reads one parameter through the store, setting the plugin's error message on failure.
  private static func read(
    _ params: OpaquePointer?, _ id: UnsafePointer<CChar>?, _ kinds: [ParameterSpec.Kind],
    _ write: ((String, ParameterValue)) -> Bool
  ) -> cat_status {
    guard let store = ParameterStore.from(params) else { return HostServices.invalid("parameter read: params is NULL") }
    switch store.lookup(id, accepting: kinds) {
    case .success(let value):
      return write(value) ? cat_status(CAT_OK) : invalid("parameter '\(value.0)' has an unexpected value")
    case .failure(let failure):
      return HostServices.invalid(failure.message)
    }
  }

  /// Sets the message and returns `CAT_ERR_INVALID_ARGUMENT`, so a plugin that propagates the status explains it.
  static func invalid(_ message: String) -> cat_status {
    ErrorSlot.set(message)
    return cat_status(CAT_ERR_INVALID_ARGUMENT)
  }
}

extension cat_rng {
  /// The generator this state holds.
  public var generator: CatalogueRandom {
    CatalogueRandom(state: (s.0, s.1, s.2, s.3), cachedNormal: has_cached_normal != 0 ? cached_normal : nil)
  }

  /// Stores a generator's state (the reserved word is zeroed, as the ABI requires).
  public mutating func store(_ generator: CatalogueRandom) {
    s = generator.state
    cached_normal = generator.cachedNormal ?? 0
    has_cached_normal = generator.cachedNormal == nil ? 0 : 1
    reserved = 0
  }

  /// A state seeded from (seed, stream) as the header specifies.
  public init(seed: UInt64, stream: UInt64) {
    self.init()
    store(CatalogueRandom(seed: seed, stream: stream))
  }
}
