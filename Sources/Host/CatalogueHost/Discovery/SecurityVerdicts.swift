/// `PluginFileSecurity.problem` for the candidates of one scan, with each folder's verdict asked once.
///
/// The candidates of a search-path folder share the folder that holds them, the folders above it and the searched
/// folder, so checking those per candidate repeated the same dozen `stat` calls for every plugin (a tenth of a warm
/// `catalogue list`). Each file is still checked itself; the answer is the one `problem` gives, in the same order.
struct SecurityVerdicts {
  private struct Folders: Hashable {
    var holder: String
    var searchedFolder: String?
  }

  private var verdicts: [Folders: String?] = [:]

  /// Why the file may not be loaded, or nil if it may (as `PluginFileSecurity.problem`).
  mutating func problem(realPath: String, searchedFolder: String?) -> String? {
    if let problem = PluginFileSecurity.fileProblem(realPath: realPath) { return problem }
    let folders = Folders(holder: FileSystem.directory(of: realPath), searchedFolder: searchedFolder)
    if let verdict = verdicts[folders] { return verdict }
    let verdict = PluginFileSecurity.folderProblem(holder: folders.holder, searchedFolder: searchedFolder)
    verdicts[folders] = verdict
    return verdict
  }
}
