import CCatalogue
import Glibc

/// The built-in pseudo-plugin that presents a foreign objective as a problem, so every objective-kind algorithm
/// runs on it through the same planner, driver, counters and writers as on a plugin's problem.
///
/// Its one problem descriptor is made by the host; its `create` opens the foreign library (in the run worker, or
/// in the host with `--in-process`) and builds a `ForeignObjective`. The plugin record carries the library's
/// path as its file, so `result.json` says which library ran.
public enum ForeignObjectivePlugin {
  /// The pseudo-plugin's id, as `result.json` records it.
  public static let pluginID = "org.catalogue.foreign"
  /// The problem's id.
  public static let problemID = "foreign"

  /// Holds the specification behind the problem descriptor's `user_data`.
  private final class Box {
    let specification: ForeignObjectiveSpecification
    init(_ specification: ForeignObjectiveSpecification) { self.specification = specification }
  }

  /// A problem handle for a foreign objective (no foreign code runs until an instance is created).
  public static func handle(_ specification: ForeignObjectiveSpecification) throws(CatalogueError) -> ProblemHandle {
    ProblemHandle(plugin: try plugin(specification), index: 0)
  }

  /// The pseudo-plugin for one specification.
  static func plugin(_ specification: ForeignObjectiveSpecification) throws(CatalogueError) -> LoadedPlugin {
    let signature = try specification.signature
    let gradient =
      try specification.gradientSignature.map { "gradient \(specification.gradientSymbol!) \($0)" }
      ?? "gradient by central differences"
    let info = PluginInfo(
      id: pluginID, name: "Foreign objectives", version: SemanticVersion(CatalogueVersion.host)!,
      summary: "C and Fortran functions called through libffi (catalogue run --objective)", license: "",
      citation: nil, abiMajor: CatalogueVersion.abiMajor, abiMinor: CatalogueVersion.abiMinor, algorithms: [],
      problems: [
        ProblemInfo(
          id: problemID, name: "Foreign objective \(specification.name)",
          summary:
            "\(specification.symbol) \(signature) from \(specification.library), n = \(specification.dimension), "
            + gradient,
          kind: .objective, parameters: [])
      ], experiments: [])
    var descriptor = cat_problem_desc()
    descriptor.struct_size = UInt32(MemoryLayout<cat_problem_desc>.size)
    descriptor.kind = cat_problem_kind(CAT_KIND_OBJECTIVE)
    descriptor.id = UnsafePointer(strdup(problemID))
    descriptor.name = UnsafePointer(strdup(info.problems[0].name))
    descriptor.summary = UnsafePointer(strdup(info.problems[0].summary))
    descriptor.user_data = UnsafeRawPointer(Unmanaged.passRetained(Box(specification)).toOpaque())
    descriptor.create = { me, _, _, _, out in
      let box = Unmanaged<Box>.fromOpaque(me!.pointee.user_data!).takeUnretainedValue()
      do throws(CatalogueError) {
        out!.pointee = try ForeignObjective(box.specification).retainedProblem()
        return cat_status(CAT_OK)
      } catch {
        ErrorSlot.set(error.message)
        return cat_status(error.kind == .usage ? CAT_ERR_INVALID_ARGUMENT : CAT_ERR_NUMERICAL)
      }
    }
    // Descriptors live for the process, as plugin descriptors do.
    let pointer = UnsafeMutablePointer<cat_problem_desc>.allocate(capacity: 1)
    pointer.initialize(to: descriptor)
    return LoadedPlugin(
      info: info, file: specification.library, origin: .commandLine,
      raw: RawPlugin(algorithms: [], problems: [UnsafePointer(pointer)]))
  }

  /// The specification behind a plugin record, if it is the foreign-objective pseudo-plugin.
  public static func specification(of plugin: LoadedPlugin) -> ForeignObjectiveSpecification? {
    guard plugin.info.id == pluginID, let descriptor = plugin.raw?.problems.first,
      let data = descriptor.pointee.user_data
    else { return nil }
    return Unmanaged<Box>.fromOpaque(data).takeUnretainedValue().specification
  }
}
