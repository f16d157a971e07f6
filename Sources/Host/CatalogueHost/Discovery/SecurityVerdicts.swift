/// `PluginFileSecurity.problem` for the candidates of one scan, with each folder's verdict asked once.
///
/// The candidates of a search-path folder share the folder that holds them, the folders above it and the searched
/// folder, so checking those per candidate repeated the same dozen `stat` calls for every plugin (a tenth of a warm
/// `catalogue list`). Discovery lists a folder's candidates one after another, so the last verdict is the one to
/// remember. Each file is still checked itself; the answer is the one `problem` gives, in the same order.
struct SecurityVerdicts {
  private var last: (holder: String, searchedFolder: String?, verdict: String?)?

  /// Why the file may not be loaded, or nil if it may (as `PluginFileSecurity.problem`).
  mutating func problem(realPath: String, searchedFolder: String?) -> String? {
    if let problem = PluginFileSecurity.fileProblem(realPath: realPath) { return problem }
    let holder = FileSystem.directory(of: realPath)
    if let last, last.holder == holder, last.searchedFolder == searchedFolder { return last.verdict }
    let verdict = PluginFileSecurity.folderProblem(holder: holder, searchedFolder: searchedFolder)
    last = (holder, searchedFolder, verdict)
    return verdict
  }
}
