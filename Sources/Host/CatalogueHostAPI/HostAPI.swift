import CCatalogue
import CatalogueHost
import Glibc

// The functions of catalogue_host.h. `@c @implementation` makes the compiler check each signature against the
// header, as the plugins' entry points are checked against catalogue.h.

/// A malloc'd copy of a string, for the caller to release with `cath_free`.
private func duplicate(_ text: String) -> UnsafeMutablePointer<CChar>? { strdup(text) }

/// Runs `body`, turning a thrown `CatalogueError` into its status and message.
private func guarded(
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: () throws(CatalogueError) -> cath_status
) -> cath_status {
  error?.pointee = nil
  do {
    return try body()
  } catch let failure {
    error?.pointee = duplicate(failure.message)
    return status(of: failure.kind)
  }
}

/// The API status for an error kind (the CLI's exit codes).
private func status(of kind: CatalogueError.Kind) -> cath_status {
  switch kind {
  case .runFailed: return cath_status(CATH_ERR_RUN_FAILED)
  case .usage: return cath_status(CATH_ERR_USAGE)
  case .pluginLoad: return cath_status(CATH_ERR_PLUGIN_LOAD)
  }
}

/// The registry behind a handle.
private func unbox(_ registry: OpaquePointer?) throws(CatalogueError) -> PluginRegistry {
  guard let registry else { throw .usage("the registry is NULL: open one with cath_open") }
  return Unmanaged<APIRegistry>.fromOpaque(UnsafeRawPointer(registry)).takeUnretainedValue().registry
}

/// A C string argument, or an error naming it.
private func text(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(CatalogueError) -> String {
  guard let pointer else { throw .usage("\(name) is NULL") }
  return String(cString: pointer)
}

@c @implementation
public func cath_api_version() -> UInt32 {
  UInt32(CATH_API_MAJOR) << 16 | UInt32(CATH_API_MINOR)
}

@c @implementation
public func cath_open(
  _ pluginPath: UnsafePointer<CChar>?, _ cachePath: UnsafePointer<CChar>?, _ scanner: UnsafePointer<CChar>?,
  _ out: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> cath_status {
  guarded(error) { () throws(CatalogueError) in
    guard let out else { throw .usage("cath_open: out is NULL") }
    let environment = ProcessEnvironment.variables()
    let scannerPath = scanner.map { String(cString: $0) }
    // The scanner's folder plays the part of the CLI's own folder, so the in-tree plugins next to it are found
    // (and the other libraries there skipped) exactly as `catalogue list` finds them.
    let searchPath = PluginSearchPath(
      pluginPaths: pluginPath.map { [String(cString: $0)] } ?? [], environment: environment,
      executableDirectory: scannerPath.map { FileSystem.directory(of: $0) },
      currentDirectory: FileSystem.currentDirectory())
    let cache: String? =
      switch cachePath.map({ String(cString: $0) }) {
      case .none: RegistryCache.defaultPath(environment: environment)
      case .some(""): nil
      case .some(let path): path
      }
    let registry: PluginRegistry
    if let scannerPath {
      registry =
        PluginRegistry.scan(
          searchPath, options: ScanOptions(workerExecutable: scannerPath, cachePath: cache)
        ).registry
    } else {
      registry = PluginRegistry.load(from: searchPath)
    }
    out.pointee = OpaquePointer(Unmanaged.passRetained(APIRegistry(registry: registry)).toOpaque())
    return cath_status(CATH_OK)
  }
}

@c @implementation
public func cath_close(_ registry: OpaquePointer?) {
  guard let registry else { return }
  Unmanaged<APIRegistry>.fromOpaque(UnsafeRawPointer(registry)).release()
}

@c @implementation
public func cath_list_json(
  _ registry: OpaquePointer?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> cath_status {
  guarded(error) { () throws(CatalogueError) in
    outJSON?.pointee = duplicate(CatalogueListing(registry: try unbox(registry)).json.prettyText)
    return cath_status(CATH_OK)
  }
}

@c @implementation
public func cath_describe_json(
  _ registry: OpaquePointer?, _ reference: UnsafePointer<CChar>?,
  _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> cath_status {
  guarded(error) { () throws(CatalogueError) in
    let registry = try unbox(registry)
    let description = try EntryLookup.describe(try text(reference, "cath_describe_json: reference"), in: registry)
    outJSON?.pointee = duplicate(description.prettyText)
    return cath_status(CATH_OK)
  }
}

@c @implementation
public func cath_run(
  _ registry: OpaquePointer?, _ requestJSON: UnsafePointer<CChar>?, _ problem: UnsafePointer<cat_problem>?,
  _ onEvent: cath_event_fn?, _ userData: UnsafeMutableRawPointer?,
  _ outResultJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> cath_status {
  outResultJSON?.pointee = nil
  return guarded(error) { () throws(CatalogueError) in
    var registry = try unbox(registry)
    var api = try APIRunRequest(json: try text(requestJSON, "cath_run: request_json"))
    var caller: CallerProblemPlugin?
    if let problem {
      guard api.request.problem == nil else {
        throw .usage("cath_run: give either a \"problem\" in the request or a cat_problem, not both")
      }
      let name = api.problemName ?? "caller"
      let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
      guard !name.isEmpty, name.allSatisfy({ allowed.contains($0) }) else {
        throw .usage("cath_run: problem_name '\(name)' must be lower-case letters, digits and '-'")
      }
      let plugin = CallerProblemPlugin(
        problem: problem, name: name, file: api.commandLine.first ?? "cath_run")
      registry.add(plugin.plugin)
      api.request.problem = plugin.reference
      caller = plugin
    }
    let sinks: [any RunEventSink] = onEvent.map { [CallbackEventSink(callback: $0, userData: userData)] } ?? []
    let invocation = RunInvocation.current(commandLine: api.commandLine.isEmpty ? ["cath_run"] : api.commandLine)
    // The driver turns Ctrl-C into a cancelled run and afterwards resets SIGINT to the default, which suits the
    // CLI; a calling process keeps its own handler (Python's KeyboardInterrupt), so it is put back.
    var callerHandler = sigaction()
    sigaction(SIGINT, nil, &callerHandler)
    defer { sigaction(SIGINT, &callerHandler, nil) }
    let outcome = try withExtendedLifetime(caller) { () throws(CatalogueError) in
      try RunSession(registry: registry, driver: InProcessRunDriver()).run(
        api.request, output: api.out, invocation: invocation, observers: { _ in sinks })
    }
    outResultJSON?.pointee = outcome.result.map { duplicate($0.json.prettyText) } ?? nil
    guard outcome.exitCode == 0 else {
      let end = outcome.record.end
      throw .runFailed("run \(end?.termination.rawValue ?? "failed"): \(end?.message ?? "no end recorded")")
    }
    return cath_status(CATH_OK)
  }
}

@c @implementation
public func cath_free(_ text: UnsafeMutablePointer<CChar>?) {
  free(text)
}

@c @implementation
public func cath_host_services() -> UnsafePointer<cat_host_api>? {
  HostServices.table
}
