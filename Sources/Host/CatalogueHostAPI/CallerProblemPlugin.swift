import CCatalogue
import CatalogueHost
import Glibc

/// The pseudo-plugin that presents a caller's `cat_problem` (built by the program that called `cath_run`) as a
/// registered problem, so the run goes through the same planner, driver, counters and writers as a plugin's
/// problem; modelled on `ForeignObjectivePlugin`.
///
/// Its one descriptor's `create` hands out the caller's instance unchanged; the host calls the instance's
/// `destroy` when the run ends, as it does for a plugin's.
final class CallerProblemPlugin {
  /// The pseudo-plugin's id, as `result.json` records it.
  static let pluginID = "org.catalogue.caller"

  /// The plugin record to add to a copy of the registry.
  let plugin: LoadedPlugin
  private let descriptor: UnsafeMutablePointer<cat_problem_desc>
  private let strings: [UnsafeMutablePointer<CChar>]

  /// The reference that names the problem in a `RunRequest`.
  var reference: String { "\(Self.pluginID)/\(plugin.info.problems[0].id)" }

  /// Wraps one instance. `name` must be a valid problem id; `file` is what `result.json` records as the file.
  init(problem: UnsafePointer<cat_problem>, name: String, file: String) {
    let kind = ProblemKind(rawValue: problem.pointee.kind)
    let info = PluginInfo(
      id: Self.pluginID, name: "Caller-supplied problems", version: SemanticVersion(CatalogueVersion.host)!,
      summary: "problems built by the program that called the host C API (catalogue_host.h)", license: "",
      citation: nil, abiMajor: CatalogueVersion.abiMajor, abiMinor: CatalogueVersion.abiMinor, algorithms: [],
      problems: [
        ProblemInfo(id: name, name: name, summary: "a problem supplied through cath_run", kind: kind, parameters: [])
      ], experiments: [])
    strings = [strdup(name)!, strdup("a problem supplied through cath_run")!]
    var value = cat_problem_desc()
    value.struct_size = UInt32(MemoryLayout<cat_problem_desc>.size)
    value.kind = cat_problem_kind(kind.rawValue)
    value.id = UnsafePointer(strings[0])
    value.name = UnsafePointer(strings[0])
    value.summary = UnsafePointer(strings[1])
    value.user_data = UnsafeRawPointer(problem)
    value.create = { me, _, _, _, out in
      out!.pointee = me!.pointee.user_data!.assumingMemoryBound(to: cat_problem.self)
      return cat_status(CAT_OK)
    }
    descriptor = UnsafeMutablePointer<cat_problem_desc>.allocate(capacity: 1)
    descriptor.initialize(to: value)
    plugin = LoadedPlugin(
      info: info, file: file, origin: .commandLine,
      raw: RawPlugin(algorithms: [], problems: [UnsafePointer(descriptor)]))
  }

  deinit {
    descriptor.deallocate()
    for string in strings { free(string) }
  }
}
