import CatalogueHost

/// The run folders named on a command line: each argument is a run folder, or a folder of run folders (a
/// comparison or a reproduction), whose run folders are taken in the order its `runs.csv` lists them (the
/// order of the comparison, so lines keep their colours) or else in name order.
public enum RunFolderSet {
  /// Reads every run named by the arguments, in order.
  public static func read(_ arguments: [String]) throws(CatalogueError) -> [FinishedRun] {
    var runs: [FinishedRun] = []
    for argument in arguments {
      guard FileSystem.kind(of: argument) == .directory else {
        throw .usage("\(argument) is not a folder (give run folders or a comparison folder)")
      }
      if FileSystem.kind(of: FileSystem.join(argument, "result.json")) == .file {
        runs.append(try FinishedRun(folder: argument))
        continue
      }
      var inner = try FileSystem.contents(of: argument).map { FileSystem.join(argument, $0) }.filter {
        FileSystem.kind(of: FileSystem.join($0, "result.json")) == .file
      }
      inner = try recordedOrder(of: argument, inner)
      guard !inner.isEmpty else {
        throw .usage("\(argument) holds no run (no result.json in it or in its subfolders)")
      }
      for folder in inner { runs.append(try FinishedRun(folder: folder)) }
    }
    return runs
  }

  /// The folders in the order of the `folder` column of `<parent>/runs.csv`, those not listed after them.
  static func recordedOrder(of parent: String, _ folders: [String]) throws(CatalogueError) -> [String] {
    let path = FileSystem.join(parent, "runs.csv")
    guard FileSystem.kind(of: path) == .file else { return folders }
    let lines = try FileSystem.readText(path).split(separator: "\n")
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
      let column = header.firstIndex(of: "folder")
    else { return folders }
    let names = lines.dropFirst().compactMap { line -> String? in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      return column < fields.count ? FileSystem.fileName(of: String(fields[column])) : nil
    }
    let rank = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    return folders.enumerated().sorted { a, b in
      let ra = rank[FileSystem.fileName(of: a.element)] ?? names.count + a.offset
      let rb = rank[FileSystem.fileName(of: b.element)] ?? names.count + b.offset
      return ra < rb
    }.map(\.element)
  }
}
